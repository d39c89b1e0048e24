//! Fleet-wide device actions (issue 16): which of the chosen devices one HSM SO password is
//! sent to, and which are left out with the reason (a PED appliance, one already authorized).

use super::console::Console;
use super::error::OpsResult;
use crate::domain::device::{AuthMethod, Device};
use crate::domain::ids::HsmSerial;
use crate::domain::operation::Operation;
use serde::{Deserialize, Serialize};

/// A device the password is not sent to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub serial: HsmSerial,
    pub name: String,
    pub reason: String,
}

/// The chosen devices sorted for one authorize: `send` get one `hsm login` each with the same
/// SO password (serial, console name); `apart` are sent nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizeChoices {
    pub send: Vec<(HsmSerial, String)>,
    pub apart: Vec<LeftOut>,
}

impl Console {
    /// Why no HSM SO password may be sent to `d` now (DEV-2), the same for one device and many:
    /// a PED appliance logs its SO in with the blue PED key; a login to it is still running.
    pub(crate) fn so_password_refusal(&self, d: &Device) -> Option<&'static str> {
        if d.facts.auth == AuthMethod::Ped {
            Some("PED appliance: its HSM SO logs in with the blue PED key, not a password")
        } else if self.is_authorizing(&d.serial) {
            Some("an HSM SO login to it is already running")
        } else {
            None
        }
    }

    /// DEV-2 over several devices: who may authorize is checked as for one device; a PED
    /// appliance (its HSM SO logs in with the blue PED key), a device already authorized in this
    /// session and one no longer in the console are set apart with the reason. In the console's
    /// device order.
    pub fn authorize_choices(&self, serials: &[HsmSerial]) -> OpsResult<AuthorizeChoices> {
        self.authorize(Operation::AuthorizeDevice, None)?;
        let devices = self.store.list_devices()?;
        let mut out = AuthorizeChoices::default();
        for d in devices.iter().filter(|d| serials.contains(&d.serial)) {
            let reason = self.so_password_refusal(d).or_else(|| {
                self.is_authorized(&d.serial)
                    .then_some("already authorized in this session")
            });
            match reason {
                Some(reason) => out.apart.push(LeftOut {
                    serial: d.serial.clone(),
                    name: d.name.clone(),
                    reason: reason.to_string(),
                }),
                None => out.send.push((d.serial.clone(), d.name.clone())),
            }
        }
        for gone in serials
            .iter()
            .filter(|s| !devices.iter().any(|d| &d.serial == *s))
        {
            out.apart.push(LeftOut {
                serial: gone.clone(),
                name: format!("device {gone}"),
                reason: "no longer in the console".into(),
            });
        }
        Ok(out)
    }
}
