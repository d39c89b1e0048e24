//! The key map (NAV-2): per context, which keys run which action. Built from the embedded
//! defaults (`assets/config.toml`, `[keys.<context>]`) then the user's `config.toml`, whose
//! entries replace the default keys of the same action. Errors name the file and line.

use super::key_action::{BoundKey, Context};
use super::key_chord::KeyChord;
use super::key_table::{KeyTable, Layer, TableInfo};
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use crate::config::{DEFAULT_CONFIG, DEFAULT_CONFIG_NAME};

/// A key map that cannot be used, with where the problem is (`FILE:LINE: message`).
pub type KeymapError = crate::config::ConfigError;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    /// The action's name in its table.
    action: &'static str,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// Every table it knows (the frame's and the registered screens'), in help order.
    tables: Vec<TableInfo>,
    contexts: BTreeMap<Context, Vec<Binding>>,
}

impl Default for Keymap {
    /// No bindings yet, every table known.
    fn default() -> Self {
        Keymap {
            tables: super::key_action::tables(),
            contexts: BTreeMap::new(),
        }
    }
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
            let Some(info) = self.table(ctx_name.get_ref()).cloned() else {
                let known: Vec<_> = self.tables.iter().map(|t| t.context.name()).collect();
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
                    format!("[keys.{}] must be a table", info.context.name()),
                ));
            };
            for (action_name, value) in entries.iter() {
                let binding = parse_binding(&src, &info, action_name, value)?;
                let list = self.contexts.entry(info.context).or_default();
                list.retain(|b| b.action != binding.action);
                list.push(binding);
            }
        }
        Ok(())
    }

    /// One meaning per key (issue 11.6): within a table, and among the tables that read keys at
    /// the same time (a screen's, the list's, the global ones). The later binding is named.
    fn check_conflicts(&self) -> Result<(), KeymapError> {
        let frame: Vec<Context> = self
            .tables
            .iter()
            .filter(|t| t.layer == Layer::Frame)
            .map(|t| t.context)
            .collect();
        for t in &self.tables {
            let mut group = vec![t.context];
            if t.layer != Layer::Exclusive {
                group.extend(frame.iter().copied().filter(|c| *c != t.context));
            }
            self.check_group(&group)?;
        }
        Ok(())
    }

    fn check_group(&self, group: &[Context]) -> Result<(), KeymapError> {
        let mut ordered: Vec<(Context, &Binding)> = group
            .iter()
            .flat_map(|c| {
                self.contexts
                    .get(c)
                    .into_iter()
                    .flatten()
                    .map(move |b| (*c, b))
            })
            .collect();
        ordered.sort_by_key(|(_, b)| (b.file != DEFAULT_CONFIG_NAME, b.line));
        let mut seen: BTreeMap<String, (Context, &'static str)> = BTreeMap::new();
        for (ctx, b) in ordered {
            for k in &b.keys {
                let Some((other_ctx, other)) = seen.insert(k.to_string(), (ctx, b.action)) else {
                    continue;
                };
                if (other_ctx, other) == (ctx, b.action) {
                    continue;
                }
                let message = if other_ctx == ctx {
                    format!(
                        "key '{k}' is bound to both '{other}' and '{}' in [keys.{}]",
                        b.action,
                        ctx.name()
                    )
                } else {
                    format!(
                        "key '{k}' is bound to '{}' in [keys.{}] and to '{other}' in [keys.{}], \
                         which read keys at the same time: one key, one meaning",
                        b.action,
                        ctx.name(),
                        other_ctx.name()
                    )
                };
                return Err(KeymapError {
                    file: b.file.clone(),
                    line: b.line,
                    message,
                });
            }
        }
        Ok(())
    }

    fn table(&self, name: &str) -> Option<&TableInfo> {
        self.tables.iter().find(|t| t.context.name() == name)
    }

    /// The action of table `T` bound to `key`.
    pub fn lookup<T: KeyTable>(&self, key: KeyChord) -> Option<T> {
        self.bound(T::context(), key).and_then(|k| k.get::<T>())
    }

    /// The action bound to `key` in the table `ctx`, untyped (for the screen whose table it is).
    pub fn bound(&self, ctx: Context, key: KeyChord) -> Option<BoundKey> {
        self.contexts
            .get(&ctx)?
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| BoundKey::new(ctx, b.action))
    }

    fn keys_named(&self, ctx: Context, action: &str) -> Vec<KeyChord> {
        self.contexts
            .get(&ctx)
            .and_then(|v| v.iter().find(|b| b.action == action))
            .map(|b| b.keys.clone())
            .unwrap_or_default()
    }

    /// The keys bound to `action` (empty when unbound).
    pub fn keys_for<T: KeyTable>(&self, action: T) -> Vec<KeyChord> {
        self.keys_named(T::context(), action.name())
    }

    /// The keys of `action` as the screens print them ("?", "q/Esc"); "unbound" if none.
    pub fn label<T: KeyTable>(&self, action: T) -> String {
        joined(&self.keys_for(action), "/")
    }

    /// The first key of `action` (for short hints); "unbound" if none.
    pub fn first_key<T: KeyTable>(&self, action: T) -> String {
        self.keys_for(action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_else(|| "unbound".into())
    }

    /// The help screen's content, in the order of the tables and of each table's actions.
    pub fn help(&self) -> Vec<HelpSection> {
        self.tables
            .iter()
            .map(|t| HelpSection {
                title: t.title,
                rows: t
                    .actions
                    .iter()
                    .map(|(name, sentence)| (self.keys_named(t.context, name), *sentence))
                    .filter(|(keys, _)| !keys.is_empty())
                    .map(|(keys, sentence)| (joined(&keys, ", "), sentence))
                    .collect(),
            })
            .collect()
    }
}

fn joined(keys: &[KeyChord], sep: &str) -> String {
    if keys.is_empty() {
        return "unbound".into();
    }
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

fn parse_binding(
    src: &Source<'_>,
    table: &TableInfo,
    action_name: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) -> Result<Binding, KeymapError> {
    let name = action_name.get_ref();
    let ctx = table.context;
    let Some(action) = table.action(name) else {
        let known: Vec<_> = table.actions.iter().map(|(n, _)| *n).collect();
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
