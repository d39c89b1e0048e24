//! Service templates (TPL-1..5) through the console: create, copy, edit, delete, the capability
//! refusals of TPL-2, the audit trail, and who may do it (PERM).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_support;

use lunadeck::domain::device::{AuthMethod, Performance};
use lunadeck::domain::ids::{OrganizationId, TemplateId};
use lunadeck::domain::organization::{Organization, Role, User};
use lunadeck::domain::permission::Session;
use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType};
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::EngineConfig;
use lunadeck::ops::Console;
use lunadeck::ops::templates::TemplateDraft;
use lunadeck::store::{AuditFilter, Store};
use ops_support::{Rig, rig};
use secrecy::SecretString;
use std::sync::Arc;

fn caps(line: HsmLine) -> Capabilities {
    Capabilities {
        service_type: ServiceType::Partition,
        performance: Performance::Standard,
        auth: AuthMethod::Password,
        line,
        partition_size: 100_000,
        ppso: false,
        sks: false,
        stc: false,
    }
}

fn draft(name: &str, c: Capabilities) -> TemplateDraft {
    TemplateDraft {
        name: name.into(),
        description: " web TLS keys ".into(),
        capabilities: c,
    }
}

fn console_as(r: &Rig, user: User) -> Console {
    let store = Store::open(&r.dir.path().join("lunadeck.sqlite")).unwrap();
    Console::new(
        store,
        r.console.access.clone(),
        Session {
            user,
            read_only: false,
        },
        r.runtime.handle().clone(),
        EngineConfig::default(),
        Arc::new(|| Timestamp(1_800_000_500)),
    )
}

fn template_events(r: &Rig) -> Vec<String> {
    r.console
        .store
        .list_audit(&AuditFilter {
            action: Some("template.manage".into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.event.target)
        .collect()
}

#[test]
fn tpl_2_create_normalizes_and_lists_by_name() {
    let mut r = rig();
    let id = r
        .console
        .create_template(&draft(" Web TLS ", caps(HsmLine::Luna7)))
        .unwrap();
    let mut sks = caps(HsmLine::Luna77);
    sks.sks = true;
    sks.service_type = ServiceType::HaGroup;
    r.console.create_template(&draft("Gold SKS", sks)).unwrap();
    let list = r.console.templates().unwrap();
    let names: Vec<&str> = list.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Gold SKS", "Web TLS"]);
    let t = r.console.template(id).unwrap();
    assert_eq!(t.description, "web TLS keys");
    assert!(t.capabilities.ppso, "PPSO is forced on for Luna 7 (TPL-2)");
    assert_eq!(
        template_events(&r),
        ["template 'Web TLS' created", "template 'Gold SKS' created"]
    );
}

#[test]
fn tpl_2_capability_and_name_refusals() {
    let mut r = rig();
    r.console
        .create_template(&draft("Web TLS", caps(HsmLine::Luna6)))
        .unwrap();
    let mut sks_on_7 = caps(HsmLine::Luna7);
    sks_on_7.sks = true;
    let mut stc_on_77 = caps(HsmLine::Luna77);
    stc_on_77.stc = true;
    let mut tiny = caps(HsmLine::Luna6);
    tiny.partition_size = 999;
    let long = "t".repeat(65);
    let cases = [
        (
            draft("A", sks_on_7),
            "Scalable Key Storage needs Luna Network HSM 7 with firmware 7.7.0 or above",
        ),
        (
            draft("B", stc_on_77),
            "Secure Trusted Channel is not available with firmware 7.7.0 and above",
        ),
        (draft("C", tiny), "Partition size (bytes)"),
        (
            draft("web tls", caps(HsmLine::Luna6)),
            "Template name: a template named 'Web TLS' already exists",
        ),
        (draft("  ", caps(HsmLine::Luna6)), "Template name: required"),
        (
            draft(&long, caps(HsmLine::Luna6)),
            "Template name: 65 characters, at most 64 allowed",
        ),
    ];
    for (d, want) in cases {
        let err = r.console.create_template(&d).unwrap_err();
        assert!(err.to_string().starts_with(want), "{err} / {want}");
        assert_eq!(err.exit_code(), 2);
    }
    assert_eq!(r.console.templates().unwrap().len(), 1);
    assert_eq!(template_events(&r).len(), 1, "refusals change nothing");
}

#[test]
fn tpl_3_copy_is_prefilled_with_a_free_name() {
    let mut r = rig();
    let mut c = caps(HsmLine::Luna77);
    c.sks = true;
    let id = r.console.create_template(&draft("Gold", c)).unwrap();
    let copy = r.console.template_copy(id).unwrap();
    assert_eq!(copy.name, "Copy of Gold");
    assert_eq!(copy.description, "web TLS keys");
    assert_eq!(
        copy.capabilities,
        r.console.template(id).unwrap().capabilities
    );
    r.console.create_template(&copy).unwrap();
    let again = r.console.template_copy(id).unwrap();
    assert_eq!(again.name, "Copy of Gold (2)");
    let missing = r.console.template_copy(TemplateId(99)).unwrap_err();
    assert_eq!(missing.to_string(), "no service template with id 99");
}

#[test]
fn tpl_4_edit_general_and_capabilities() {
    let mut r = rig();
    let id = r
        .console
        .create_template(&draft("Web", caps(HsmLine::Luna6)))
        .unwrap();
    r.console
        .create_template(&draft("Other", caps(HsmLine::Luna6)))
        .unwrap();
    let err = r
        .console
        .edit_template_general(id, "OTHER", "x")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Template name: a template named 'Other' already exists"
    );
    let t = r
        .console
        .edit_template_general(id, "Web v2", " new ")
        .unwrap();
    assert_eq!((t.name.as_str(), t.description.as_str()), ("Web v2", "new"));
    let mut bad = caps(HsmLine::Luna6);
    bad.sks = true;
    assert!(r.console.edit_template_capabilities(id, bad).is_err());
    let mut good = caps(HsmLine::Luna6);
    good.partition_size = 5000;
    good.stc = true;
    let t = r.console.edit_template_capabilities(id, good).unwrap();
    assert_eq!(r.console.template(id).unwrap(), t);
    assert_eq!(t.capabilities.partition_size, 5000);
    let events = template_events(&r);
    assert_eq!(
        &events[2..],
        [
            "template 'Web' renamed to 'Web v2'",
            "template 'Web v2': capabilities edited"
        ]
    );
}

#[test]
fn tpl_5_delete_removes_and_audits() {
    let mut r = rig();
    let id = r
        .console
        .create_template(&draft("Web", caps(HsmLine::Luna6)))
        .unwrap();
    assert_eq!(r.console.delete_template(id, None).unwrap(), 0);
    assert!(r.console.templates().unwrap().is_empty());
    assert_eq!(
        r.console.delete_template(id, None).unwrap_err().to_string(),
        "no service template with id 1"
    );
    assert_eq!(
        template_events(&r).last().unwrap(),
        "template 'Web' deleted (0 service(s) used it)"
    );
}

#[test]
fn perm_templates_admin_manages_owners_only_read() {
    let mut r = rig();
    let id = r
        .console
        .create_template(&draft("Web", caps(HsmLine::Luna6)))
        .unwrap();
    let acme = r
        .console
        .store
        .save_organization(&Organization {
            id: OrganizationId(0),
            name: "Acme".into(),
        })
        .unwrap();
    let other = r
        .console
        .store
        .save_organization(&Organization {
            id: OrganizationId(0),
            name: "Other".into(),
        })
        .unwrap();
    for (name, org) in [("olive", acme), ("oscar", other)] {
        let user = r
            .console
            .store
            .create_account(
                name,
                &SecretString::from("owner-pass-1"),
                Role::Owner(org),
                Timestamp(1),
            )
            .unwrap();
        let mut c = console_as(&r, user);
        assert_eq!(c.templates().unwrap().len(), 1, "{name} reads the list");
        assert_eq!(c.template(id).unwrap().name, "Web");
        let want = "Not permitted: only an Admin can manage service templates";
        assert_eq!(
            c.create_template(&draft("Mine", caps(HsmLine::Luna6)))
                .unwrap_err()
                .to_string(),
            want
        );
        assert_eq!(c.template_copy(id).unwrap_err().to_string(), want);
        assert_eq!(
            c.edit_template_general(id, "x", "")
                .unwrap_err()
                .to_string(),
            want
        );
        assert_eq!(
            c.edit_template_capabilities(id, caps(HsmLine::Luna6))
                .unwrap_err()
                .to_string(),
            want
        );
        assert_eq!(c.delete_template(id, None).unwrap_err().to_string(), want);
    }
    assert_eq!(r.console.templates().unwrap().len(), 1);
}

#[test]
fn perm_read_only_mode_refuses_template_changes() {
    let r = rig();
    let admin = r.console.session().user.clone();
    let store = Store::open(&r.dir.path().join("lunadeck.sqlite")).unwrap();
    let mut c = Console::new(
        store,
        r.console.access.clone(),
        Session {
            user: admin,
            read_only: true,
        },
        r.runtime.handle().clone(),
        EngineConfig::default(),
        Arc::new(|| Timestamp(1)),
    );
    let err = c
        .create_template(&draft("Web", caps(HsmLine::Luna6)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "read-only mode: template.manage (manage service templates) is not allowed"
    );
    assert!(c.templates().unwrap().is_empty());
}

#[test]
fn x_4_template_descriptions_refuse_escapes_and_are_bounded() {
    let mut r = rig();
    for hostile in [
        "a\u{1b}]0;t\u{7}",
        "\u{1b}[31m",
        "c1\u{9b}",
        "del\u{7f}",
        "\u{202e}x",
        "z\u{200b}",
    ] {
        let mut d = draft("Evil", caps(HsmLine::Luna7));
        d.description = hostile.into();
        let err = r.console.create_template(&d).unwrap_err().to_string();
        assert!(
            err.starts_with("Description: ") && err.contains("U+"),
            "{hostile:?}: {err}"
        );
    }
    let mut long = draft("Long", caps(HsmLine::Luna7));
    long.description = "d".repeat(257);
    let err = r.console.create_template(&long).unwrap_err().to_string();
    assert_eq!(err, "Description: 257 characters, at most 256 allowed");
    assert!(
        r.console
            .templates()
            .unwrap()
            .iter()
            .all(|t| t.name != "Evil" && t.name != "Long")
    );
    let id = r
        .console
        .create_template(&draft("Fine", caps(HsmLine::Luna7)))
        .unwrap();
    let err = r
        .console
        .edit_template_general(id, "Fine", "x\u{1b}]0;y\u{7}")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("control character U+001B at position 2"),
        "{err}"
    );
    assert_eq!(r.console.template(id).unwrap().description, "web TLS keys");
}

#[test]
fn tpl_5_a_template_services_use_is_deleted_only_after_its_name_is_typed() {
    use lunadeck::domain::device::AuthMethod;
    use lunadeck::domain::ids::ServiceId;
    use lunadeck::domain::lifecycle::ServiceState;
    use lunadeck::domain::service::{Service, ServiceKind};
    let mut r = rig();
    let id = r
        .console
        .create_template(&draft("Gold", caps(HsmLine::Luna7)))
        .unwrap();
    let org = r.console.create_organization("Payments").unwrap();
    let service = Service {
        id: ServiceId(0),
        name: "payments".into(),
        description: String::new(),
        kind: ServiceKind::Standalone,
        template: Some(id),
        organization: org,
        created_by: "admin".into(),
        created_at: Timestamp(0),
        members: Vec::new(),
        state: ServiceState::Uninitialized,
        auth: AuthMethod::Password,
        ppso: true,
        stc: false,
        partition_size: 100_000,
    };
    r.console.store.save_service(&service).unwrap();
    let usage = r.console.template_use(id).unwrap();
    assert_eq!(usage.services, 1);
    assert!(usage.needs_typed_name());
    for typed in [None, Some("gold"), Some("Gold ")] {
        let err = r.console.delete_template(id, typed).unwrap_err();
        assert!(
            err.to_string().contains("type the template name 'Gold'"),
            "{typed:?}: {err}"
        );
    }
    assert_eq!(r.console.templates().unwrap().len(), 1, "nothing changed");
    assert_eq!(r.console.delete_template(id, Some("Gold")).unwrap(), 1);
    assert!(r.console.templates().unwrap().is_empty());
}
