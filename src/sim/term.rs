//! Where a simulated command writes its output and reads prompt answers: the in-process session
//! (answers from a list) or the `lunash-sim` binary (stdin). Secrets are echoed as `*`.

/// Why a command stopped before its result line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abort {
    /// A secret prompt had no answer (the prompt text, trimmed).
    MissingSecret(String),
    /// A proceed/quit question had nobody to answer it (the question, trimmed).
    Question(String),
}

/// The two ends of a simulated terminal.
pub trait Term {
    fn write(&mut self, text: &str);
    /// The next secret answer, after its prompt was written. None = none left.
    fn secret(&mut self) -> Option<String>;
    /// The answer to a proceed/quit question, after it was written. None = nobody to ask.
    fn answer(&mut self) -> Option<String>;
}

/// Where a question's answer is typed (LUNASH.md, "Prompts and questions as real appliances
/// print them").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `  <question>` then `  > ` on the next line (`hsm login`, `partition showContents`).
    Indented,
    /// A blank line, `<question>`, then `> ` (legacy `partition create` on 6.2.2).
    Plain,
    /// `<question> ` and the answer on the same line (LunaCM, docs/assumed-formats.md).
    OneLine,
}

fn write_question(term: &mut dyn Term, question: &str, layout: Layout) {
    let q = question.trim_end();
    match layout {
        Layout::Indented => term.write(&format!("  {q}\n  > ")),
        Layout::Plain => term.write(&format!("\n{q}\n> ")),
        Layout::OneLine => term.write(&format!("{q} ")),
    }
}

/// Writes the question, reads a secret and echoes it as `*` then a newline.
pub fn ask_secret(term: &mut dyn Term, question: &str, layout: Layout) -> Result<String, Abort> {
    write_question(term, question, layout);
    let Some(secret) = term.secret() else {
        term.write("\n");
        return Err(Abort::MissingSecret(question.trim().to_string()));
    };
    term.write(&format!("{}\n", "*".repeat(secret.chars().count())));
    Ok(secret)
}

/// Asks a secret twice; `Ok(None)` when the two entries differ.
pub fn ask_twice(
    term: &mut dyn Term,
    first: &str,
    second: &str,
    layout: Layout,
) -> Result<Option<String>, Abort> {
    let a = ask_secret(term, first, layout)?;
    let b = ask_secret(term, second, layout)?;
    Ok((a == b).then_some(a))
}

/// LunaCM's proceed question (docs/assumed-formats.md).
pub const CM_PROCEED_QUESTION: &str = "Type 'proceed' to continue, or 'quit' to quit now -> ";

/// Which proceed question a command asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// LunaSH: `Type 'proceed' to <what>, or 'quit' to quit now.`, then a tab and `> ` (the
    /// 6.2.2 `partition create` capture).
    Lunash(&'static str),
    /// LunaCM: the one-line question with `->`.
    Lunacm,
}

/// True to go on: `force`, or the answer `proceed` (case-insensitive) to the question.
pub fn confirm(term: &mut dyn Term, force: bool, question: Question) -> Result<bool, Abort> {
    if force {
        return Ok(true);
    }
    let text = match question {
        Question::Lunash(what) => {
            let q = format!("Type 'proceed' to {what}, or 'quit' to quit now.");
            term.write(&format!("\n{q}\n\t> "));
            q
        }
        Question::Lunacm => {
            term.write(CM_PROCEED_QUESTION);
            CM_PROCEED_QUESTION.trim().to_string()
        }
    };
    let Some(answer) = term.answer() else {
        term.write("\n");
        return Err(Abort::Question(text));
    };
    term.write(&format!("{answer}\n"));
    Ok(answer.trim().eq_ignore_ascii_case("proceed"))
}

/// A terminal over a list of answers, collecting the output (used by `SimShell` and tests).
#[derive(Default)]
pub struct BufferTerm {
    pub output: String,
    pub secrets: std::collections::VecDeque<String>,
    /// Answers to proceed/quit questions; empty = the question aborts the command.
    pub answers: std::collections::VecDeque<String>,
}

impl BufferTerm {
    pub fn new(secrets: &[&str]) -> Self {
        BufferTerm {
            output: String::new(),
            secrets: secrets.iter().map(|s| s.to_string()).collect(),
            answers: Default::default(),
        }
    }
}

impl Term for BufferTerm {
    fn write(&mut self, text: &str) {
        self.output.push_str(text);
    }
    fn secret(&mut self) -> Option<String> {
        self.secrets.pop_front()
    }
    fn answer(&mut self) -> Option<String> {
        self.answers.pop_front()
    }
}
