//! The country calling codes of ITU-T E.164 that reach subscribers' phones (the
//! non-geographic ones, such as +800 freephone and +881 satellite, cannot receive a sign-in
//! text and are left out). The codes form a prefix code, so a number's first one to three
//! digits name its country code without doubt.

/// Two-digit country codes.
const TWO: &[u16] = &[
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81,
    82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// Three-digit country codes, as ranges of consecutive assigned codes.
const THREE: &[(u16, u16)] = &[
    (211, 213),
    (216, 216),
    (218, 218),
    (220, 258),
    (260, 269),
    (290, 291),
    (297, 299),
    (350, 359),
    (370, 383),
    (385, 387),
    (389, 389),
    (420, 421),
    (423, 423),
    (500, 509),
    (590, 599),
    (670, 670),
    (672, 683),
    (685, 692),
    (850, 850),
    (852, 853),
    (855, 856),
    (880, 880),
    (886, 886),
    (960, 968),
    (970, 977),
    (992, 996),
    (998, 998),
];

/// The length of the country code `digits` (an international number without its `+`) starts
/// with, or `None` when it starts with no assigned code.
pub fn country_code_len(digits: &str) -> Option<usize> {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u16>().ok());
    match digits.as_bytes().first()? {
        b'1' | b'7' => return Some(1),
        b'0' => return None,
        _ => {}
    }
    if prefix(2).is_some_and(|p| TWO.contains(&p)) {
        return Some(2);
    }
    prefix(3).filter(|p| THREE.iter().any(|(first, last)| (first..=last).contains(&p))).map(|_| 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_number_names_one_country_code() {
        for (number, len) in [
            ("14155550123", Some(1)),
            ("74951234567", Some(1)),
            ("442079460958", Some(2)),
            ("4915123456789", Some(2)),
            ("35312345678", Some(3)),
            ("38012345678", Some(3)),
            ("2348012345678", Some(3)),
            ("8613812345678", Some(2)),
            ("85212345678", Some(3)),
            ("99812345678", Some(3)),
            ("80012345678", None),
            ("88112345678", None),
            ("2812345678", None),
            ("38412345678", None),
            ("0441234567", None),
            ("", None),
        ] {
            assert_eq!(country_code_len(number), len, "{number}");
        }
    }

    #[test]
    fn no_code_is_the_start_of_another() {
        let mut codes: Vec<String> = TWO.iter().map(u16::to_string).collect();
        codes.extend(THREE.iter().flat_map(|&(a, b)| (a..=b).map(|c| c.to_string())));
        codes.extend(["1".to_string(), "7".to_string()]);
        for a in &codes {
            for b in &codes {
                assert!(a == b || !b.starts_with(a.as_str()), "{a} is the start of {b}");
            }
        }
    }
}
