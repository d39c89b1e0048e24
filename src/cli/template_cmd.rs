//! `lunadeck template ...` (TPL-1..5): list, show, add, copy, edit and delete service templates
//! through Console operations (the capability rules live in `domain::template_rules`).

use super::error::{CliError, CliResult};
use super::output::Table;
use super::run::Ctx;
use crate::domain::device::{AuthMethod, Performance};
use crate::domain::ids::TemplateId;
use crate::domain::template::{Capabilities, HsmLine, ServiceType, Template};
use crate::domain::validation::parse_partition_size;
use crate::ops::OpsError;
use crate::ops::templates::TemplateDraft;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypeArg {
    Partition,
    Ha,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PerfArg {
    Standard,
    Enterprise,
    Maximum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    Password,
    Ped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineArg {
    Luna6,
    Luna7,
    Luna77,
}

/// The capabilities of a template, as flags (TPL-2).
#[derive(Debug, Clone, PartialEq, Eq, ClapArgs)]
pub struct CapsArgs {
    #[arg(long = "type", value_enum)]
    pub service_type: TypeArg,
    #[arg(long, value_enum, default_value = "standard")]
    pub performance: PerfArg,
    #[arg(long, value_enum)]
    pub auth: AuthArg,
    #[arg(long, value_enum)]
    pub line: LineArg,
    /// Partition size in bytes.
    #[arg(long, value_name = "BYTES")]
    pub size: String,
    /// Per-partition SO.
    #[arg(long)]
    pub ppso: bool,
    /// Scalable Key Storage (V1 partition).
    #[arg(long)]
    pub sks: bool,
    /// Secure Trusted Channel.
    #[arg(long)]
    pub stc: bool,
}

impl CapsArgs {
    fn capabilities(&self) -> CliResult<Capabilities> {
        Ok(Capabilities {
            service_type: service_type(self.service_type),
            performance: performance(self.performance),
            auth: auth(self.auth),
            line: line(self.line),
            partition_size: parse_partition_size(&self.size).map_err(OpsError::from)?,
            ppso: self.ppso,
            sks: self.sks,
            stc: self.stc,
        })
    }
}

/// Capability changes for `template edit` (TPL-4): only the flags given change.
#[derive(Debug, Clone, Default, PartialEq, Eq, ClapArgs)]
pub struct CapsEdit {
    #[arg(long = "type", value_enum)]
    pub service_type: Option<TypeArg>,
    #[arg(long, value_enum)]
    pub performance: Option<PerfArg>,
    #[arg(long, value_enum)]
    pub auth: Option<AuthArg>,
    #[arg(long, value_enum)]
    pub line: Option<LineArg>,
    /// Partition size in bytes.
    #[arg(long, value_name = "BYTES")]
    pub size: Option<String>,
    /// Per-partition SO: yes or no.
    #[arg(long, value_name = "yes|no", value_parser = clap::builder::BoolishValueParser::new())]
    pub ppso: Option<bool>,
    /// Scalable Key Storage: yes or no.
    #[arg(long, value_name = "yes|no", value_parser = clap::builder::BoolishValueParser::new())]
    pub sks: Option<bool>,
    /// Secure Trusted Channel: yes or no.
    #[arg(long, value_name = "yes|no", value_parser = clap::builder::BoolishValueParser::new())]
    pub stc: Option<bool>,
}

impl CapsEdit {
    fn is_empty(&self) -> bool {
        *self == CapsEdit::default()
    }

    /// `current` with the given flags applied (the domain rules are checked by the Console).
    fn apply(&self, current: &Capabilities) -> CliResult<Capabilities> {
        let mut c = *current;
        if let Some(t) = self.service_type {
            c.service_type = service_type(t);
        }
        if let Some(p) = self.performance {
            c.performance = performance(p);
        }
        if let Some(a) = self.auth {
            c.auth = auth(a);
        }
        if let Some(l) = self.line {
            c.line = line(l);
        }
        if let Some(size) = &self.size {
            c.partition_size = parse_partition_size(size).map_err(OpsError::from)?;
        }
        c.ppso = self.ppso.unwrap_or(c.ppso);
        c.sks = self.sks.unwrap_or(c.sks);
        c.stc = self.stc.unwrap_or(c.stc);
        Ok(c)
    }
}

fn service_type(t: TypeArg) -> ServiceType {
    match t {
        TypeArg::Partition => ServiceType::Partition,
        TypeArg::Ha => ServiceType::HaGroup,
    }
}

fn performance(p: PerfArg) -> Performance {
    match p {
        PerfArg::Standard => Performance::Standard,
        PerfArg::Enterprise => Performance::Enterprise,
        PerfArg::Maximum => Performance::Maximum,
    }
}

fn auth(a: AuthArg) -> AuthMethod {
    match a {
        AuthArg::Password => AuthMethod::Password,
        AuthArg::Ped => AuthMethod::Ped,
    }
}

fn line(l: LineArg) -> HsmLine {
    match l {
        LineArg::Luna6 => HsmLine::Luna6,
        LineArg::Luna7 => HsmLine::Luna7,
        LineArg::Luna77 => HsmLine::Luna77,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum TemplateCmd {
    /// Service templates.
    List,
    /// One template (name or id).
    Show { template: String },
    /// Create a template.
    Add {
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        #[command(flatten)]
        caps: CapsArgs,
    },
    /// Copy a template under a free "Copy of ..." name (or --name).
    Copy {
        template: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// Rename or describe a template, or change its capabilities (TPL-4): each capability
    /// flag given replaces that value; services already created keep theirs.
    Edit {
        template: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[command(flatten)]
        caps: CapsEdit,
    },
    /// Delete a template (services made from it keep their capabilities).
    Delete {
        template: String,
        /// Repeat the template name (TPL-5).
        #[arg(long, value_name = "NAME")]
        confirm: String,
    },
}

fn find(ctx: &mut Ctx<'_>, key: &str) -> CliResult<Template> {
    let by_id = key.parse::<i64>().ok();
    ctx.console()
        .templates()?
        .into_iter()
        .find(|t| t.name.eq_ignore_ascii_case(key.trim()) || Some(t.id.0) == by_id)
        .ok_or_else(|| CliError::Ops(OpsError::NotFound(format!("no template named '{key}'"))))
}

fn caps_text(c: &Capabilities) -> Vec<(&'static str, String)> {
    vec![
        ("Type", c.service_type.to_string()),
        ("Performance", c.performance.to_string()),
        ("Authentication", c.auth.to_string()),
        ("HSM line", c.line.to_string()),
        ("Partition size", format!("{} bytes", c.partition_size)),
        ("Per-partition SO", yes(c.ppso)),
        ("SKS", yes(c.sks)),
        ("STC", yes(c.stc)),
    ]
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn saved(ctx: &mut Ctx<'_>, id: TemplateId, verb: &str) -> CliResult<()> {
    let t = ctx.console().template(id)?;
    ctx.out.done(
        &format!("template '{}' {verb}", t.name),
        json!({"template": t}),
    );
    Ok(())
}

pub fn run(cmd: &TemplateCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        TemplateCmd::List => {
            let all = ctx.console().templates()?;
            let mut table = Table::new(&["ID", "NAME", "TYPE", "AUTH", "LINE", "SIZE"]);
            for t in &all {
                let c = &t.capabilities;
                table.row(vec![
                    t.id.0.to_string(),
                    t.name.clone(),
                    c.service_type.to_string(),
                    c.auth.to_string(),
                    format!("{:?}", c.line),
                    c.partition_size.to_string(),
                ]);
            }
            ctx.out.list(&table, "no service templates", json!(all));
            Ok(())
        }
        TemplateCmd::Show { template } => {
            let t = find(ctx, template)?;
            let mut fields = vec![
                ("Name", t.name.clone()),
                ("Description", t.description.clone()),
            ];
            fields.extend(caps_text(&t.capabilities));
            ctx.out.record(&fields, json!(t));
            Ok(())
        }
        TemplateCmd::Add {
            name,
            description,
            caps,
        } => {
            let draft = TemplateDraft {
                name: name.clone(),
                description: description.clone(),
                capabilities: caps.capabilities()?,
            };
            let id = ctx.console().create_template(&draft)?;
            saved(ctx, id, "created")
        }
        TemplateCmd::Copy { template, name } => {
            let t = find(ctx, template)?;
            let mut draft = ctx.console().template_copy(t.id)?;
            if let Some(n) = name {
                draft.name = n.clone();
            }
            let id = ctx.console().create_template(&draft)?;
            saved(ctx, id, "created")
        }
        TemplateCmd::Edit {
            template,
            name,
            description,
            caps,
        } => {
            let t = find(ctx, template)?;
            if name.is_none() && description.is_none() && caps.is_empty() {
                return Err(CliError::refused(
                    "nothing to edit: give --name, --description or a capability flag \
                     (--type, --performance, --auth, --line, --size, --ppso, --sks, --stc)",
                ));
            }
            if !caps.is_empty() {
                let new = caps.apply(&t.capabilities)?;
                ctx.console().edit_template_capabilities(t.id, new)?;
            }
            if name.is_some() || description.is_some() {
                let name = name.clone().unwrap_or(t.name);
                let description = description.clone().unwrap_or(t.description);
                ctx.console()
                    .edit_template_general(t.id, &name, &description)?;
            }
            saved(ctx, t.id, "saved")
        }
        TemplateCmd::Delete { template, confirm } => {
            let t = find(ctx, template)?;
            let users = ctx.console().delete_template(t.id, Some(confirm))?;
            ctx.out.done(
                &format!(
                    "template '{}' deleted ({users} service(s) keep its capabilities)",
                    t.name
                ),
                json!({"template": t.name, "services": users}),
            );
            Ok(())
        }
    }
}
