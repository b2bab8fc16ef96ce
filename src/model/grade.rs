//! The Admiralty (NATO) 6×6 grading of a piece of information, e.g. `B2`.
//!
//! Reliability of the source: `A` completely reliable … `E` unreliable, `F` cannot be judged.
//! Credibility of the information: `1` confirmed … `5` improbable, `6` cannot be judged.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A grade such as `B2`. Built by [`Grade::new`] or parsing, it is always in range; the fields
/// are public for forms, so validation checks them again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grade {
    /// `'A'..='F'`.
    pub reliability: char,
    /// `1..=6`.
    pub credibility: u8,
}

/// Why a grade was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid grade \"{text}\": expected a reliability A–F followed by a credibility 1–6, e.g. B2"
)]
pub struct GradeParseError {
    pub text: String,
}

impl Grade {
    pub fn new(reliability: char, credibility: u8) -> Result<Self, GradeParseError> {
        let grade = Grade {
            reliability,
            credibility,
        };
        if grade.is_in_range() {
            Ok(grade)
        } else {
            Err(GradeParseError {
                text: format!("{reliability}{credibility}"),
            })
        }
    }

    pub fn is_in_range(&self) -> bool {
        ('A'..='F').contains(&self.reliability) && (1..=6).contains(&self.credibility)
    }

    /// "B2 or better": both the source and the information are graded at least as well as
    /// `minimum`. `F` and `6` mean "cannot be judged", so they only pass a minimum that allows
    /// them.
    pub fn is_at_least(&self, minimum: Grade) -> bool {
        self.reliability <= minimum.reliability && self.credibility <= minimum.credibility
    }

    /// What the reliability letter means, for the inspector.
    pub fn reliability_meaning(&self) -> &'static str {
        match self.reliability {
            'A' => "completely reliable",
            'B' => "usually reliable",
            'C' => "fairly reliable",
            'D' => "not usually reliable",
            'E' => "unreliable",
            _ => "reliability cannot be judged",
        }
    }

    /// What the credibility digit means, for the inspector.
    pub fn credibility_meaning(&self) -> &'static str {
        match self.credibility {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.reliability, self.credibility)
    }
}

impl FromStr for Grade {
    type Err = GradeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = || GradeParseError {
            text: text.to_owned(),
        };
        let mut chars = text.trim().chars();
        let (Some(letter), Some(digit), None) = (chars.next(), chars.next(), chars.next()) else {
            return Err(refuse());
        };
        let credibility = digit.to_digit(10).ok_or_else(refuse)?;
        let credibility = u8::try_from(credibility).map_err(|_| refuse())?;
        Grade::new(letter.to_ascii_uppercase(), credibility).map_err(|_| refuse())
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays() {
        let grade: Grade = "B2".parse().unwrap();
        assert_eq!(grade, Grade::new('B', 2).unwrap());
        assert_eq!(grade.to_string(), "B2");
        assert_eq!("c3".parse::<Grade>().unwrap().to_string(), "C3");
        for bad in ["G1", "A7", "A0", "B", "B22", "", "2B"] {
            let error = bad.parse::<Grade>().unwrap_err();
            assert!(error.to_string().contains(&format!("\"{bad}\"")));
        }
    }

    #[test]
    fn b2_or_better() {
        let b2 = Grade::new('B', 2).unwrap();
        assert!(Grade::new('A', 1).unwrap().is_at_least(b2));
        assert!(b2.is_at_least(b2));
        assert!(!Grade::new('C', 1).unwrap().is_at_least(b2));
        assert!(!Grade::new('A', 3).unwrap().is_at_least(b2));
        assert!(!Grade::new('F', 6).unwrap().is_at_least(b2));
    }
}
