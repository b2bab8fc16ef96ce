//! Messages to the user: errors and notes shown under the map until dismissed.

use egui::{Color32, RichText};

/// A message shown to the user until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

impl Message {
    /// Something went wrong: shown in red.
    pub fn error(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            is_error: true,
        }
    }

    /// Something the user should know, that is not a failure.
    pub fn note(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            is_error: false,
        }
    }

    /// Red for errors, the normal text colour for notes.
    pub fn rich_text(&self) -> RichText {
        let text = RichText::new(&self.text);
        if self.is_error {
            text.color(Color32::from_rgb(0xc0, 0x1c, 0x1c))
        } else {
            text
        }
    }
}
