//! The Devices screen's forms (DEV-1..3): add and edit a device, checked inline with the
//! domain's rules, and the SO secret of authorize (one masked field).

use super::Request;
use crate::app::wire_secret::WireSecret;
use crate::domain::error::Field;
use crate::domain::validation::{
    parse_port, validate_device_name, validate_host, validate_ssh_user,
};
use crate::kit::{FormField, FormState};

/// Choices of the add-device form's authentication field.
pub const AUTH_CHOICES: [&str; 2] = ["SSH key file", "SSH password"];

/// The add-device form (DEV-1): name, host, port, SSH user, and a key file or a password.
pub fn add_device_form() -> FormState {
    FormState::new(vec![
        FormField::text("name", "Name").bound_to(Field::DeviceName),
        FormField::text("host", "Host").bound_to(Field::Host),
        FormField::number("port", "Port")
            .value("22")
            .bound_to(Field::Port),
        FormField::text("user", "SSH user")
            .value("admin")
            .bound_to(Field::SshUser),
        FormField::choice(
            "auth",
            "Authentication",
            AUTH_CHOICES.iter().map(|s| (*s).to_string()).collect(),
        ),
        FormField::text("key", "Key file").bound_to(Field::SshKey),
        FormField::secret("password", "SSH password"),
    ])
}

/// The SO form of the authorize modal (DEV-2): one masked field.
pub fn authorize_form() -> FormState {
    FormState::new(vec![
        FormField::secret("so", "HSM SO password").bound_to(Field::HsmSoPassword),
    ])
}

/// Checks the add-device form with the domain rules; on success, the request (the password
/// is taken out of the form). On failure the errors are under their fields.
pub fn add_device_request(form: &mut FormState, existing: &[&str]) -> Option<Request> {
    form.clear_errors();
    let text = |form: &FormState, id: &str| form.text(id).unwrap_or_default().to_string();
    let (name, host, port) = (text(form, "name"), text(form, "host"), text(form, "port"));
    let user = text(form, "user");
    let key = text(form, "key");
    let use_key = form.choice("auth") == Some(0);
    let checks = [
        validate_device_name(&name, existing, None).err(),
        validate_host(&host).err(),
        parse_port(&port).err(),
        validate_ssh_user(&user).err(),
    ];
    for e in checks.iter().flatten() {
        form.apply_domain_error(e);
    }
    let password_empty = matches!(
        form.fields().iter().find(|f| f.id == "password").map(|f| &f.input),
        Some(crate::kit::FieldInput::Secret(s)) if s.is_empty()
    );
    if use_key && key.trim().is_empty() {
        form.set_error("key", "enter the path of the private key file");
    }
    if !use_key && password_empty {
        form.set_error("password", "type the SSH password");
    }
    if form.has_errors() {
        if let Some(first) = form.fields().iter().find(|f| f.error.is_some()) {
            let id = first.id;
            form.focus_id(id);
        }
        return None;
    }
    let ssh_password = form.take_secret("password");
    Some(Request::Add {
        name,
        host,
        port,
        user: user.trim().to_string(),
        key_path: use_key.then(|| key.trim().to_string()),
        ssh_password: if use_key {
            None
        } else {
            ssh_password.map(WireSecret::from)
        },
    })
}

/// DEV-3: the edit form, filled with the device's values (PED appliances: the PED server too).
pub fn edit_device_form(d: &crate::ops::device_detail::DeviceDetail) -> FormState {
    let mut fields = vec![
        FormField::text("name", "Name")
            .value(d.name.clone())
            .bound_to(Field::DeviceName),
        FormField::text("host", "Host")
            .value(d.host.clone())
            .bound_to(Field::Host)
            .note("The next refresh checks the host key and that the same HSM serial answers."),
        FormField::number("port", "Port")
            .value(d.port.to_string())
            .bound_to(Field::Port),
        FormField::text("user", "SSH user")
            .value(d.ssh_user.clone())
            .bound_to(Field::SshUser),
    ];
    if d.auth == crate::domain::device::AuthMethod::Ped {
        let (host, port) = d.ped_server.as_ref().map_or_else(
            || {
                (
                    String::new(),
                    crate::domain::device::DEFAULT_PED_PORT.to_string(),
                )
            },
            |p| (p.host.clone(), p.port.to_string()),
        );
        fields.push(
            FormField::text("ped_host", "Remote PED server")
                .value(host)
                .bound_to(Field::PedServer),
        );
        fields.push(
            FormField::number("ped_port", "PED port")
                .value(port)
                .bound_to(Field::PedPort),
        );
    }
    FormState::new(fields)
}

/// DEV-3 Save: the fields as typed; the backend checks each with the domain rules and the
/// refusal lands under its field.
pub fn edit_device_request(
    form: &mut FormState,
    serial: &crate::domain::ids::HsmSerial,
    ped: bool,
) -> Option<Request> {
    form.clear_errors();
    let text = |id: &str| form.text(id).unwrap_or_default().to_string();
    let ped_server = ped.then(|| (text("ped_host"), text("ped_port")));
    Some(Request::Edit {
        serial: serial.clone(),
        name: text("name"),
        host: text("host"),
        port: text("port"),
        user: text("user"),
        ped_server,
    })
}
