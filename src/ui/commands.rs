//! The window's commands in one table: label, shortcut, menu and help line. The menus, the
//! key handling and the Help menu all read it, so a shortcut is written once.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::actions::{Action, PictureAction};

/// Which menu a command is listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
}

/// One command of the window.
pub struct Command {
    pub label: &'static str,
    pub shortcut: Option<KeyboardShortcut>,
    pub menu: Menu,
    /// The line of the Help menu's Keys section (empty: not listed there).
    pub help: &'static str,
    /// Left to a text field being typed in (Ctrl+Z undoes typing there).
    pub yields_to_text: bool,
    pub action: fn() -> Action,
}

const COMMAND: Modifiers = Modifiers::COMMAND;
const SHIFT_COMMAND: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

const fn keys(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}

/// Every command, in menu order.
pub const COMMANDS: &[Command] = &[
    Command {
        label: "New",
        shortcut: keys(COMMAND, Key::N),
        menu: Menu::File,
        help: "new project",
        yields_to_text: false,
        action: || Action::NewProject,
    },
    Command {
        label: "Open…",
        shortcut: keys(COMMAND, Key::O),
        menu: Menu::File,
        help: "open",
        yields_to_text: false,
        action: || Action::PickProjectFile,
    },
    Command {
        label: "Save",
        shortcut: keys(COMMAND, Key::S),
        menu: Menu::File,
        help: "save",
        yields_to_text: false,
        action: || Action::Save,
    },
    Command {
        label: "Save As…",
        shortcut: keys(SHIFT_COMMAND, Key::S),
        menu: Menu::File,
        help: "save as",
        yields_to_text: false,
        action: || Action::PickSaveAs,
    },
    Command {
        label: "Close",
        shortcut: None,
        menu: Menu::File,
        help: "",
        yields_to_text: false,
        action: || Action::CloseProject,
    },
    Command {
        label: "Quit",
        shortcut: keys(COMMAND, Key::Q),
        menu: Menu::File,
        help: "quit",
        yields_to_text: false,
        action: || Action::Quit,
    },
    Command {
        label: "Undo",
        shortcut: keys(COMMAND, Key::Z),
        menu: Menu::Edit,
        help: "undo",
        yields_to_text: true,
        action: || Action::Undo,
    },
    Command {
        label: "Redo",
        shortcut: keys(SHIFT_COMMAND, Key::Z),
        menu: Menu::Edit,
        help: "redo",
        yields_to_text: true,
        action: || Action::Redo,
    },
    Command {
        label: "Presentation mode",
        shortcut: keys(Modifiers::NONE, Key::F11),
        menu: Menu::View,
        help: "presentation mode (Esc returns)",
        yields_to_text: false,
        action: || Action::Picture(PictureAction::Present(true)),
    },
];

/// The command with this label.
pub fn command(label: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.label == label)
}

/// The commands whose shortcut was pressed this frame (consumed, so widgets do not see them).
/// Shortcuts with more modifiers are tried first: Ctrl+Shift+S also matches Ctrl+S.
pub fn pressed(ctx: &egui::Context) -> Vec<&'static Command> {
    let typing = ctx.egui_wants_keyboard_input();
    let mut candidates: Vec<&Command> = COMMANDS
        .iter()
        .filter(|c| c.shortcut.is_some() && !(typing && c.yields_to_text))
        .collect();
    candidates
        .sort_by_key(|c| std::cmp::Reverse(c.shortcut.map_or(0, |s| modifier_count(s.modifiers))));
    let mut pressed = Vec::new();
    for command in candidates {
        let Some(shortcut) = command.shortcut else {
            continue;
        };
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            pressed.push(command);
        }
    }
    pressed
}

fn modifier_count(modifiers: Modifiers) -> u8 {
    u8::from(modifiers.shift)
        + u8::from(modifiers.command || modifiers.ctrl)
        + u8::from(modifiers.alt)
}

/// "Ctrl+N new project · Ctrl+O open · …" for the Help menu.
pub fn help_line(ctx: &egui::Context, menu: Menu) -> String {
    COMMANDS
        .iter()
        .filter(|c| c.menu == menu && !c.help.is_empty())
        .filter_map(|c| Some(format!("{} {}", ctx.format_shortcut(&c.shortcut?), c.help)))
        .collect::<Vec<_>>()
        .join(" · ")
}
