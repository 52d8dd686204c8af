//! The decimal digits of an unsigned integer, without the formatting machinery (which the browser build would
//! otherwise carry for a few integers): JSON numbers, line pointers ("/lines/12") and decimals' digits.

/// The digits of `n`, most significant first, written into the end of `buf`.
pub fn of_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[start..];
        }
    }
}

/// The digits of `n` appended to `out`.
pub fn push_u64(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    of_u64(n, &mut buf)
        .iter()
        .for_each(|&d| out.push(char::from(d)));
}

#[cfg(test)]
mod tests {
    /// Against std's formatting (an independent writer), at every power of ten and the type's ends.
    #[test]
    fn digits_read_as_std_formats_them() {
        let mut values = vec![0, 1, 9, u64::MAX - 1, u64::MAX];
        values.extend((0..20).flat_map(|k| {
            let p = 10u64.pow(k);
            [p - 1, p, p + 1]
        }));
        for n in values {
            let mut s = String::from("x");
            super::push_u64(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }
}
