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
            service_type: match self.service_type {
                TypeArg::Partition => ServiceType::Partition,
                TypeArg::Ha => ServiceType::HaGroup,
            },
            performance: match self.performance {
                PerfArg::Standard => Performance::Standard,
                PerfArg::Enterprise => Performance::Enterprise,
                PerfArg::Maximum => Performance::Maximum,
            },
            auth: match self.auth {
                AuthArg::Password => AuthMethod::Password,
                AuthArg::Ped => AuthMethod::Ped,
            },
            line: match self.line {
                LineArg::Luna6 => HsmLine::Luna6,
                LineArg::Luna7 => HsmLine::Luna7,
                LineArg::Luna77 => HsmLine::Luna77,
            },
            partition_size: parse_partition_size(&self.size).map_err(OpsError::from)?,
            ppso: self.ppso,
            sks: self.sks,
            stc: self.stc,
        })
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
    /// Rename or describe a template.
    Edit {
        template: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a template (services made from it keep their capabilities).
    Delete { template: String },
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
        } => {
            let t = find(ctx, template)?;
            if name.is_none() && description.is_none() {
                return Err(CliError::refused(
                    "nothing to edit: give --name or --description",
                ));
            }
            let name = name.clone().unwrap_or(t.name);
            let description = description.clone().unwrap_or(t.description);
            ctx.console()
                .edit_template_general(t.id, &name, &description)?;
            saved(ctx, t.id, "saved")
        }
        TemplateCmd::Delete { template } => {
            let t = find(ctx, template)?;
            let users = ctx.console().delete_template(t.id)?;
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
