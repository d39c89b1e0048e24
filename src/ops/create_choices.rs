//! What the Create Service wizard offers (SVC-1): every device with whether it can host a
//! service of the chosen template and, if not, why (down, not authorized, the template's rules).

use super::console::Console;
use super::error::{OpsError, OpsResult};
use crate::domain::device::AuthMethod;
use crate::domain::ids::{HsmSerial, TemplateId};
use crate::domain::initialization::{InitRoute, init_route};
use crate::domain::operation::Operation;
use crate::domain::template_rules::device_fit;
use serde::{Deserialize, Serialize};

/// One device of the Add Devices step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceChoice {
    pub serial: HsmSerial,
    pub name: String,
    pub model: String,
    pub firmware: String,
    pub auth: AuthMethod,
    /// Free HSM storage, in bytes.
    pub free_bytes: u64,
    /// Why the device cannot host the service (None: it can be added).
    pub unfit: Option<String>,
    /// Software or firmware 5.x/6.x: the partition is created and initialized in one step, so
    /// the wizard asks for the initialization credentials before the Summary.
    pub initializes_at_creation: bool,
}

impl DeviceChoice {
    /// A device as the lists show it, with why it cannot host the service (None: it can).
    pub fn of(d: &crate::domain::device::Device, unfit: Option<String>) -> DeviceChoice {
        DeviceChoice {
            serial: d.serial.clone(),
            name: d.name.clone(),
            model: d.facts.model.clone(),
            firmware: d.facts.firmware.to_string(),
            auth: d.facts.auth,
            free_bytes: d.facts.storage.free,
            unfit,
            initializes_at_creation: init_route(d.facts.software, d.facts.firmware)
                == InitRoute::LegacyCreate,
        }
    }
}

impl Console {
    /// SVC-1 Add Devices: every device, those that cannot host a service of `template` with
    /// the first rule they fail (the same rule Finish applies).
    pub fn create_device_choices(&self, template: TemplateId) -> OpsResult<Vec<DeviceChoice>> {
        self.authorize_read(Operation::CreateService, None)?;
        let template = self
            .store
            .load_template(template)?
            .ok_or_else(|| OpsError::NotFound(format!("no service template with id {template}")))?;
        let mut out = Vec::new();
        for mut d in self.store.list_devices()? {
            d.status = self.device_status(&d);
            let legacy = init_route(d.facts.software, d.facts.firmware) == InitRoute::LegacyCreate;
            let unfit = match device_fit(&template.capabilities, &d, 0) {
                Err(e) => Some(e.to_string()),
                // The creation itself would refuse it (the same sentence).
                Ok(()) if legacy && template.capabilities.ppso => Some(format!(
                    "Device {}: {}",
                    d.name,
                    super::create_service::LEGACY_WITHOUT_PPSO
                )),
                Ok(()) => None,
            };
            out.push(DeviceChoice::of(&d, unfit));
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}
