//! ISO 3166-2 subdivision codes of the countries whose taxes are regional in practice (United States, Canada,
//! Spain): what a tax rule's `region` and a cart's `region` are checked against. Other countries' subdivisions
//! are checked only for their shape ("CC-" and one to three letters or digits).

/// Per country, its subdivision codes after "CC-", space-separated: ISO 3166-2:US (states, the District of
/// Columbia, outlying areas), ISO 3166-2:CA (provinces and territories), ISO 3166-2:ES (autonomous
/// communities, autonomous cities and provinces).
const SUBDIVISIONS: [(&str, &str); 3] = [
    (
        "CA",
        "AB BC MB NB NL NS NT NU ON PE QC SK YT",
    ),
    (
        "ES",
        "A AB AL AN AR AS AV B BA BI BU C CA CB CC CE CL CM CN CO CR CS CT CU EX GA GC GI GR GU H HU IB \
         J L LE LO LU M MA MC MD ML MU NA NC O OR P PM PO PV RI S SA SE SG SO SS T TE TF TO V VA VC VI Z ZA",
    ),
    (
        "US",
        "AK AL AR AS AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD ME MI MN MO MP MS MT NC ND \
         NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UM UT VA VI VT WA WI WV WY",
    ),
];

/// Whether `code` ("US-CA") is a subdivision of `country`: looked up for the countries listed above, for the
/// others "CC-" and one to three ASCII letters or digits.
pub fn is_subdivision_of(code: &str, country: &str) -> bool {
    let Some(rest) = code.strip_prefix(country).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    match SUBDIVISIONS.iter().find(|(c, _)| *c == country) {
        Some((_, codes)) => codes.split_ascii_whitespace().any(|s| s == rest),
        None => {
            (1..=3).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_countries_are_looked_up_and_others_checked_for_shape() {
        assert!(is_subdivision_of("US-CA", "US"));
        assert!(is_subdivision_of("CA-QC", "CA"));
        assert!(is_subdivision_of("ES-CN", "ES"));
        assert!(is_subdivision_of("ES-TF", "ES"));
        assert!(!is_subdivision_of("US-XX", "US"));
        assert!(!is_subdivision_of("CA", "US"));
        assert!(!is_subdivision_of("CA-QC", "US"));
        assert!(is_subdivision_of("DE-BY", "DE"));
        assert!(!is_subdivision_of("DE-", "DE"));
        assert!(!is_subdivision_of("DE-bayern", "DE"));
    }
}
