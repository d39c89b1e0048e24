//! Appliance-level rules: deterministic partition serials, storage and licence accounting
//! (size + 9648 bytes and one licence per partition), partition name rules, zeroization.

use super::model::{Appliance, PARTITION_OVERHEAD, SimPartition};
use super::profile::Profile;

/// Why a partition could not be created or resized (mapped to LunaSH errors by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountError {
    NoLicence,
    NoSpace,
    Exists,
    BadName(String),
    TooSmall,
}

/// Partition names: 1–32 characters from letters, digits and `!#$%'()*+,-./:=@[]^_{}~`, not
/// starting with a digit.
pub fn check_partition_name(name: &str) -> Result<(), String> {
    const PUNCT: &str = "!#$%'()*+,-./:=@[]^_{}~";
    if name.is_empty() || name.chars().count() > 32 {
        return Err("The partition name must be 1 to 32 characters long.".into());
    }
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err("The partition name must not start with a digit.".into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !PUNCT.contains(*c))
    {
        return Err(format!(
            "The partition name contains an invalid character '{bad}'."
        ));
    }
    Ok(())
}

impl Appliance {
    pub fn profile(&self) -> Profile {
        Profile::of(&self.software, &self.firmware)
    }

    /// Next partition serial: the HSM serial followed by a zero-padded counter, 9 digits on
    /// 5.x/6.x and 13 on 7.x. Deterministic and never reused on this appliance.
    pub fn new_serial(&mut self) -> String {
        let digits = self.profile().serial_digits();
        let hsm: String = self
            .hsm_serial
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let prefix_len = hsm.len().min(digits.saturating_sub(3));
        let prefix = hsm.get(hsm.len() - prefix_len..).unwrap_or("");
        let width = digits - prefix.len();
        loop {
            self.next_partition += 1;
            let modulo = 10u64.saturating_pow(u32::try_from(width).unwrap_or(3));
            let serial = format!(
                "{prefix}{:0width$}",
                self.next_partition % modulo.max(1),
                width = width
            );
            if !serial.starts_with('0') && !self.partitions.iter().any(|p| p.serial == serial) {
                return serial;
            }
            if self.next_partition > modulo {
                return serial;
            }
        }
    }

    /// Moves the serial counter past the serials already present (fixtures give serials), so
    /// the next partition gets the next number, as on a real HSM.
    pub fn sync_serial_counter(&mut self) {
        let digits = self.profile().serial_digits();
        let hsm: String = self
            .hsm_serial
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let prefix_len = hsm.len().min(digits.saturating_sub(3));
        let prefix = hsm.get(hsm.len() - prefix_len..).unwrap_or("");
        let highest = self
            .partitions
            .iter()
            .filter_map(|p| p.serial.strip_prefix(prefix))
            .filter_map(|rest| rest.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        self.next_partition = self.next_partition.max(highest);
    }

    /// Bytes taken by partitions, overhead included.
    pub fn used_storage(&self) -> u64 {
        self.partitions
            .iter()
            .map(|p| p.size + PARTITION_OVERHEAD)
            .sum()
    }

    pub fn free_storage(&self) -> u64 {
        self.storage_total.saturating_sub(self.used_storage())
    }

    /// Default size: an equal share of storage per licensed partition, minus the overhead.
    pub fn default_size(&self) -> u64 {
        (self.storage_total / u64::from(self.licences.max(1))).saturating_sub(PARTITION_OVERHEAD)
    }

    pub fn partition(&self, name: &str) -> Option<&SimPartition> {
        self.partitions.iter().find(|p| p.name == name)
    }

    pub fn partition_mut(&mut self, name: &str) -> Option<&mut SimPartition> {
        self.partitions.iter_mut().find(|p| p.name == name)
    }

    /// Creates an empty partition after the licence, name and storage checks, in that order.
    /// `size` None = default size; `all_free` takes what is left.
    pub fn create_partition(
        &mut self,
        name: &str,
        size: Option<u64>,
        all_free: bool,
        version: u8,
    ) -> Result<&mut SimPartition, AccountError> {
        check_partition_name(name).map_err(AccountError::BadName)?;
        if self.partition(name).is_some() {
            return Err(AccountError::Exists);
        }
        if self.partitions.len() >= self.licences as usize {
            return Err(AccountError::NoLicence);
        }
        let free = self.free_storage();
        let size = if all_free {
            free.saturating_sub(PARTITION_OVERHEAD)
        } else {
            size.unwrap_or_else(|| self.default_size())
        };
        if size == 0 || size + PARTITION_OVERHEAD > free {
            return Err(AccountError::NoSpace);
        }
        let serial = self.new_serial();
        self.partitions
            .push(SimPartition::new(name, serial, size, version));
        self.partitions.last_mut().ok_or(AccountError::NoSpace)
    }

    /// Deletes a partition (freeing its storage and licence) and its client assignments.
    pub fn delete_partition(&mut self, name: &str) -> bool {
        let before = self.partitions.len();
        self.partitions.retain(|p| p.name != name);
        for client in &mut self.clients {
            client.partitions.retain(|p| p != name);
        }
        self.partitions.len() != before
    }

    /// Resizes a partition: the growth must fit in the free storage, the size must hold the
    /// objects already stored.
    pub fn resize_partition(&mut self, name: &str, size: u64) -> Result<(), AccountError> {
        let free = self.free_storage();
        let part = self.partition_mut(name).ok_or(AccountError::Exists)?;
        if size < part.used() || size == 0 {
            return Err(AccountError::TooSmall);
        }
        if size > part.size && size - part.size > free {
            return Err(AccountError::NoSpace);
        }
        part.size = size;
        Ok(())
    }

    /// Destroys every partition and client assignment; the HSM reads zeroized.
    pub fn zeroize(&mut self) {
        self.zeroized = true;
        self.partitions.clear();
        for client in &mut self.clients {
            client.partitions.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_rules() {
        assert!(check_partition_name("sp_sehsm3").is_ok());
        assert!(check_partition_name("a!#$%'()*+,-./:=@[]^_{}~").is_ok());
        assert_eq!(
            check_partition_name("1abc"),
            Err("The partition name must not start with a digit.".into())
        );
        assert!(check_partition_name("with space").is_err());
        assert!(check_partition_name(&"x".repeat(33)).is_err());
        assert!(check_partition_name("").is_err());
    }
}
