//! Phone lengths against libphonenumber: for every region whose set of national possible lengths has a
//! gap (55 of 245, e.g. CA 7 and 10, GB 7, 9 and 10) and some without, every national length from 1 to 17
//! must be accepted exactly when libphonenumber's set contains it. The sets are literal data copied from
//! phonenumbers 9.0.43 (`PhoneMetadata.metadata_for_region(r).general_desc.possible_length`, which leaves
//! out local-only lengths), an independent source; they are not read from the engine's table.

mod fields_phone_lengths {
    use kassa_core::api::{FieldKind, FieldResult};
    use kassa_core::fields::validate_field;

    /// (region, calling code, possible lengths of the national significant number).
    const POSSIBLE_LENGTHS: &[(&str, &str, &[usize])] = &[
        ("AD", "376", &[6, 8, 9]),
        ("AE", "971", &[5, 6, 7, 8, 9, 10, 11, 12]),
        ("AT", "43", &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
        ("AU", "61", &[5, 6, 7, 8, 9, 10, 12]),
        ("BG", "359", &[6, 7, 8, 9, 12]),
        ("BR", "55", &[8, 9, 10, 11]),
        ("BW", "267", &[7, 8, 10]),
        ("BZ", "501", &[7, 11]),
        ("CA", "1", &[7, 10]),
        ("CC", "61", &[6, 7, 8, 9, 10, 12]),
        ("CH", "41", &[9, 12]),
        ("CN", "86", &[7, 8, 9, 10, 11, 12]),
        ("CO", "57", &[8, 10, 11]),
        ("CR", "506", &[8, 10]),
        ("CU", "53", &[6, 7, 8, 10]),
        ("CX", "61", &[6, 7, 8, 9, 10, 12]),
        ("DE", "49", &[4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
        ("EE", "372", &[7, 8, 10]),
        ("ES", "34", &[9]),
        ("FJ", "679", &[7, 11]),
        ("FR", "33", &[9]),
        ("GB", "44", &[7, 9, 10]),
        ("GG", "44", &[7, 9, 10]),
        ("GM", "220", &[7, 9]),
        ("GT", "502", &[8, 11]),
        ("GW", "245", &[7, 9]),
        ("HK", "852", &[5, 6, 7, 8, 9, 11]),
        ("HN", "504", &[8, 11]),
        ("IN", "91", &[8, 9, 10, 11, 12, 13]),
        ("IR", "98", &[4, 5, 6, 7, 10]),
        ("IS", "354", &[7, 9]),
        ("IT", "39", &[6, 7, 8, 9, 10, 11, 12]),
        ("JE", "44", &[10]),
        ("JP", "81", &[8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
        ("KI", "686", &[5, 8]),
        ("KP", "850", &[8, 10]),
        ("KR", "82", &[5, 6, 8, 9, 10, 11, 12, 13, 14]),
        ("KZ", "7", &[10, 14]),
        ("LI", "423", &[7, 9]),
        ("MU", "230", &[7, 8, 10]),
        ("MV", "960", &[7, 10]),
        ("MW", "265", &[7, 9]),
        ("NL", "31", &[5, 6, 7, 8, 9, 10, 11]),
        ("NO", "47", &[5, 8]),
        ("NP", "977", &[8, 10, 11]),
        ("NU", "683", &[4, 7]),
        ("PA", "507", &[7, 8, 10, 11]),
        ("PF", "689", &[6, 8, 9]),
        ("PH", "63", &[6, 8, 9, 10, 11, 12, 13]),
        ("PM", "508", &[6, 9]),
        ("QA", "974", &[7, 8, 9, 11]),
        ("RO", "40", &[6, 9]),
        ("RU", "7", &[10, 14]),
        ("SB", "677", &[5, 7]),
        ("SE", "46", &[6, 7, 8, 9, 10, 12]),
        ("SG", "65", &[8, 10, 11]),
        ("SH", "290", &[4, 5]),
        ("SJ", "47", &[5, 8]),
        ("SK", "421", &[6, 7, 9]),
        ("SM", "378", &[8, 10]),
        ("SV", "503", &[7, 8, 11]),
        ("TH", "66", &[8, 9, 10, 13]),
        ("TO", "676", &[5, 7]),
        ("TR", "90", &[7, 10, 12, 13]),
        ("US", "1", &[10]),
        ("VU", "678", &[5, 7]),
        ("WF", "681", &[6, 9]),
        ("WS", "685", &[5, 6, 7, 10]),
        ("ZW", "263", &[7, 9, 10]),
    ];

    /// National digits of the given length. They start with "2", which is no region's trunk prefix
    /// (0, 06, 1, 8, 80), so the national form keeps every digit.
    fn digits(len: usize) -> &'static str {
        &"23456789012345678"[..len]
    }

    fn has_length_problem(r: &FieldResult) -> bool {
        r.problems.iter().any(|p| p.code == "invalid-phone-length")
    }

    /// Accepted lengths are valid unless the whole number exceeds E.164's 15 digits.
    fn check(value: &str, country: &str, calling_code: &str, len: usize, allowed: &[usize]) {
        let r = validate_field(FieldKind::Phone, value, Some(country));
        let expected = allowed.contains(&len);
        assert_eq!(
            !has_length_problem(&r),
            expected,
            "{country} {value:?}: {r:?}"
        );
        if expected {
            if calling_code.len() + len <= 15 {
                assert!(r.valid, "{country} {value:?}: {:?}", r.problems);
                let e164 = format!("+{calling_code}{}", digits(len));
                assert_eq!(r.normalized.as_deref(), Some(e164.as_str()));
            } else {
                let codes: Vec<_> = r.problems.iter().map(|p| p.code.as_str()).collect();
                assert_eq!(codes, ["invalid-phone"], "{country} {value:?}");
            }
        }
    }

    #[test]
    fn national_form_accepts_exactly_the_possible_lengths() {
        for &(region, calling_code, allowed) in POSSIBLE_LENGTHS {
            for len in 1..=17 {
                check(digits(len), region, calling_code, len, allowed);
            }
        }
    }

    /// The international form names the region by leading digits or, for a shared calling code, by the
    /// country argument (CA within +1, GG within +44, CC within +61).
    #[test]
    fn international_form_accepts_exactly_the_possible_lengths() {
        for &(region, calling_code, allowed) in POSSIBLE_LENGTHS {
            for len in 1..=17 {
                let value = format!("+{calling_code} {}", digits(len));
                check(&value, region, calling_code, len, allowed);
            }
        }
    }

    #[test]
    fn the_sample_has_gaps() {
        let gaps = POSSIBLE_LENGTHS
            .iter()
            .filter(|(_, _, l)| l.windows(2).any(|w| w[1] != w[0] + 1))
            .count();
        assert_eq!(gaps, 55);
    }
}
