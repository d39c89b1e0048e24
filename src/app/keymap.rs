//! The key map (NAV-2): per context, which keys run which action. Built from the embedded
//! defaults (`assets/config.toml`, `[keys.<context>]`) then the user's `config.toml`, whose
//! entries replace the default keys of the same action. Errors name the file and line.

use super::key_action::{Context, KeyAction};
use super::key_chord::KeyChord;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use crate::config::{DEFAULT_CONFIG, DEFAULT_CONFIG_NAME};

/// A key map that cannot be used, with where the problem is (`FILE:LINE: message`).
pub type KeymapError = crate::config::ConfigError;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    action: KeyAction,
    keys: Vec<KeyChord>,
    /// File and line the keys came from.
    file: String,
    line: usize,
}

/// One help section: a context's title and its (keys, description) rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub title: &'static str,
    pub rows: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keymap {
    contexts: BTreeMap<Context, Vec<Binding>>,
}

struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text
            .get(..end)
            .map(|s| s.matches('\n').count() + 1)
            .unwrap_or(1)
    }

    fn error(&self, offset: usize, message: String) -> KeymapError {
        KeymapError {
            file: self.file.to_string(),
            line: self.line_of(offset),
            message,
        }
    }
}

const KEY_NAME_HINT: &str = "key names look like q, G, ?, Enter, Esc, Tab, Shift-Tab, Ctrl-d, Alt-x, F1, Space, Up, PageDown";

impl Keymap {
    /// The embedded defaults alone.
    pub fn defaults() -> Result<Keymap, KeymapError> {
        let mut map = Keymap::default();
        map.apply(DEFAULT_CONFIG_NAME, DEFAULT_CONFIG)?;
        map.check_conflicts()?;
        Ok(map)
    }

    /// The defaults, then `text` (the content of the user's `file`) on top.
    pub fn with_user_config(file: &str, text: &str) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::default();
        map.apply(DEFAULT_CONFIG_NAME, DEFAULT_CONFIG)?;
        map.apply(file, text)?;
        map.check_conflicts()?;
        Ok(map)
    }

    /// The defaults, then the user's file when there is one.
    pub fn from_sources(user: Option<&crate::config::ConfigText>) -> Result<Keymap, KeymapError> {
        match user {
            Some(u) => Keymap::with_user_config(&u.file, &u.text),
            None => Keymap::defaults(),
        }
    }

    /// Loads the user's config file if it exists (a missing file means the defaults).
    pub fn load(path: &std::path::Path) -> Result<Keymap, KeymapError> {
        Keymap::from_sources(crate::config::read_user_file(path)?.as_ref())
    }

    fn apply(&mut self, file: &str, text: &str) -> Result<(), KeymapError> {
        let src = Source { file, text };
        let root = DeTable::parse(text).map_err(|e| {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            src.error(at, format!("not valid TOML: {}", e.message().trim()))
        })?;
        let Some(keys) = root.get_ref().get("keys") else {
            return Ok(());
        };
        let Some(contexts) = keys.get_ref().as_table() else {
            return Err(src.error(keys.span().start, "[keys] must be a table".into()));
        };
        for (ctx_name, table) in contexts.iter() {
            let Some(ctx) = Context::from_name(ctx_name.get_ref()) else {
                let known: Vec<_> = Context::all().map(|c| c.name()).collect();
                return Err(src.error(
                    ctx_name.span().start,
                    format!(
                        "unknown key context [keys.{}]; known contexts: {}",
                        ctx_name.get_ref(),
                        known.join(", ")
                    ),
                ));
            };
            let Some(entries) = table.get_ref().as_table() else {
                return Err(src.error(
                    table.span().start,
                    format!("[keys.{}] must be a table", ctx.name()),
                ));
            };
            for (action_name, value) in entries.iter() {
                let binding = parse_binding(&src, ctx, action_name, value)?;
                let list = self.contexts.entry(ctx).or_default();
                list.retain(|b| b.action != binding.action);
                list.push(binding);
            }
        }
        Ok(())
    }

    fn check_conflicts(&self) -> Result<(), KeymapError> {
        for (ctx, bindings) in &self.contexts {
            let mut seen: BTreeMap<String, KeyAction> = BTreeMap::new();
            let mut ordered: Vec<&Binding> = bindings.iter().collect();
            ordered.sort_by_key(|b| (b.file != DEFAULT_CONFIG_NAME, b.line));
            for b in ordered {
                for k in &b.keys {
                    if let Some(other) = seen.insert(k.to_string(), b.action) {
                        if other != b.action {
                            return Err(KeymapError {
                                file: b.file.clone(),
                                line: b.line,
                                message: format!(
                                    "key '{k}' is bound to both '{}' and '{}' in [keys.{}]",
                                    other.name(),
                                    b.action.name(),
                                    ctx.name()
                                ),
                            });
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The action bound to `key` in `ctx`.
    pub fn lookup(&self, ctx: Context, key: KeyChord) -> Option<KeyAction> {
        self.contexts
            .get(&ctx)?
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// The keys bound to `action` in `ctx` (empty when unbound).
    pub fn keys_for(&self, ctx: Context, action: KeyAction) -> Vec<KeyChord> {
        self.contexts
            .get(&ctx)
            .and_then(|v| v.iter().find(|b| b.action == action))
            .map(|b| b.keys.clone())
            .unwrap_or_default()
    }

    /// The keys of `action` in `ctx` as the screens print them ("?", "q/Esc"); "unbound" if none.
    pub fn label(&self, ctx: Context, action: KeyAction) -> String {
        self.joined(ctx, action, "/")
    }

    /// The first key of `action` in `ctx` (for short hints); "unbound" if none.
    pub fn first_key(&self, ctx: Context, action: KeyAction) -> String {
        self.keys_for(ctx, action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_else(|| "unbound".into())
    }

    fn joined(&self, ctx: Context, action: KeyAction, sep: &str) -> String {
        let keys = self.keys_for(ctx, action);
        if keys.is_empty() {
            return "unbound".into();
        }
        keys.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The help screen's content, in the order of `Context::all` and of each context's actions.
    pub fn help(&self) -> Vec<HelpSection> {
        Context::all()
            .map(|ctx| HelpSection {
                title: ctx.title(),
                rows: ctx
                    .actions()
                    .iter()
                    .filter(|a| !self.keys_for(ctx, **a).is_empty())
                    .map(|a| (self.joined(ctx, *a, ", "), a.description()))
                    .collect(),
            })
            .collect()
    }
}

fn parse_binding(
    src: &Source<'_>,
    ctx: Context,
    action_name: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) -> Result<Binding, KeymapError> {
    let name = action_name.get_ref();
    let Some(action) = KeyAction::parse(ctx, name) else {
        let known: Vec<_> = ctx.actions().iter().map(|a| a.name()).collect();
        return Err(src.error(
            action_name.span().start,
            format!(
                "unknown action '{name}' in [keys.{}]; actions here: {}",
                ctx.name(),
                known.join(", ")
            ),
        ));
    };
    let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
        DeValue::String(_) => vec![value],
        DeValue::Array(a) => a.iter().collect(),
        _ => {
            return Err(src.error(
                value.span().start,
                format!(
                    "'{name}' in [keys.{}] must be a key name or a list of key names",
                    ctx.name()
                ),
            ));
        }
    };
    let mut keys = Vec::new();
    for item in items {
        let Some(text) = item.get_ref().as_str() else {
            return Err(src.error(
                item.span().start,
                format!("'{name}' in [keys.{}]: key names are strings", ctx.name()),
            ));
        };
        let Some(key) = KeyChord::parse(text) else {
            return Err(src.error(
                item.span().start,
                format!(
                    "unknown key name '{text}' for '{name}' in [keys.{}]; {KEY_NAME_HINT}",
                    ctx.name()
                ),
            ));
        };
        keys.push(key);
    }
    Ok(Binding {
        action,
        keys,
        file: src.file.to_string(),
        line: src.line_of(action_name.span().start),
    })
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
