//! The Create Service wizard's "Initialize at Creation" step: 5.x/6.x appliances create and
//! initialize a partition in one step, so the label and credentials are asked before the Summary.
//!
//! Secrets stay in masked, zeroized fields until the wizard closes or its job starts; each
//! request carries a copy (the Summary may go back to change them).

use crate::domain::DomainResult;
use crate::domain::device::{AuthMethod, DEFAULT_PED_PORT};
use crate::domain::error::Field;
use crate::domain::initialization::InitCredentials;
use crate::domain::validation::validate_ped_server;
use crate::kit::{FormField, FormState};

/// The step's fields for a template's authentication.
pub fn form(auth: AuthMethod) -> FormState {
    let label = FormField::text("label", "Partition label")
        .bound_to(Field::PartitionLabel)
        .note("On 5.x/6.x the label is also the partition's name on each device.");
    if auth == AuthMethod::Ped {
        return FormState::new(vec![
            label,
            FormField::text("ped_host", "Remote PED server").bound_to(Field::PedServer),
            FormField::number("ped_port", "PED port")
                .value(DEFAULT_PED_PORT.to_string())
                .bound_to(Field::PedPort),
        ]);
    }
    let mut fields = vec![label];
    fields.extend(FormField::secret_pair(
        "domain",
        "domain_confirm",
        "Cloning domain",
        Field::CloningDomain,
    ));
    fields.extend(FormField::secret_pair(
        "co",
        "co_confirm",
        "Crypto officer password",
        Field::CoPassword,
    ));
    FormState::new(fields)
}

/// The credentials the form holds, checked as far as the form can (each secret 8-132
/// characters and typed twice alike); the plan checks the rest (the label as partition name).
pub fn credentials(form: &FormState, auth: AuthMethod) -> DomainResult<InitCredentials> {
    let label = form.text("label").unwrap_or("").trim().to_string();
    if auth == AuthMethod::Ped {
        let ped = validate_ped_server(
            form.text("ped_host").unwrap_or(""),
            form.text("ped_port").unwrap_or(""),
        )?;
        return Ok(InitCredentials::Ped {
            label,
            ped,
            co_challenge: None,
            cu_challenge: None,
            activate_co: false,
            activate_cu: false,
        });
    }
    let domain = form.confirmed("domain", "domain_confirm");
    domain.check(Field::CloningDomain)?;
    let co = form.confirmed("co", "co_confirm");
    co.check(Field::CoPassword)?;
    Ok(InitCredentials::Password {
        label,
        domain,
        so: None,
        co,
        cu: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::DialogInput;

    fn typed(form: &mut FormState, id: &str, text: &str) {
        assert!(form.focus_id(id));
        for c in text.chars() {
            form.handle(DialogInput::Type(c));
        }
    }

    #[test]
    fn svc_1_legacy_credentials_are_checked_and_kept_in_the_form() {
        let mut f = form(AuthMethod::Password);
        typed(&mut f, "label", "pay6");
        typed(&mut f, "domain", "domain-secret-1");
        typed(&mut f, "domain_confirm", "domain-secret-1");
        typed(&mut f, "co", "co-password-1");
        typed(&mut f, "co_confirm", "co-password-2");
        let err = credentials(&f, AuthMethod::Password).unwrap_err();
        assert!(
            matches!(
                err,
                crate::domain::DomainError::Invalid {
                    field: Field::CoPassword,
                    ..
                }
            ),
            "{err}"
        );
        f.handle(DialogInput::DeleteBack);
        f.handle(DialogInput::Type('1'));
        assert!(matches!(
            credentials(&f, AuthMethod::Password),
            Ok(InitCredentials::Password { label, so: None, cu: None, .. }) if label == "pay6"
        ));
        assert!(
            f.secret("co")
                .is_some_and(|s| !secrecy::ExposeSecret::expose_secret(&s).is_empty())
        );
    }

    #[test]
    fn svc_1_legacy_ped_needs_the_remote_ped_server() {
        let mut f = form(AuthMethod::Ped);
        typed(&mut f, "label", "ped6");
        assert!(credentials(&f, AuthMethod::Ped).is_err());
        typed(&mut f, "ped_host", "ped.example.net");
        assert!(matches!(
            credentials(&f, AuthMethod::Ped),
            Ok(InitCredentials::Ped { .. })
        ));
    }
}
