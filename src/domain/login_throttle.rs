//! Login throttling (NAV-4): after failed logins every further attempt for that username waits
//! longer (1 s, 2 s, 4 s … at most 5 minutes); pure rules, the store keeps the counters.

use super::error::DomainError;

/// The longest wait between two attempts, however many logins failed.
pub const MAX_DELAY_MS: i64 = 5 * 60 * 1000;

/// An attempt still being checked after this long is taken as abandoned (its process died).
pub const CHECK_STALE_MS: i64 = 10_000;

/// The wait after `failures` failed logins in a row: none, then 1 s doubled per failure, at
/// most `MAX_DELAY_MS`.
pub fn delay_ms(failures: u32) -> i64 {
    match failures {
        0 => 0,
        n => (1000_i64 << (n - 1).min(20)).min(MAX_DELAY_MS),
    }
}

/// How much longer an attempt at `now_ms` must wait after `failures` failures, the last at
/// `last_failure_ms`; `None` when it may be checked. A clock set back never makes the wait
/// longer than the delay itself.
pub fn wait_ms(failures: u32, last_failure_ms: i64, now_ms: i64) -> Option<i64> {
    let delay = delay_ms(failures);
    let ready = last_failure_ms.saturating_add(delay);
    (now_ms < ready).then(|| ready.saturating_sub(now_ms).min(delay))
}

/// Whole seconds to show for a wait (rounded up: "wait 1 s", never "wait 0 s").
pub fn wait_seconds(wait_ms: i64) -> i64 {
    wait_ms.saturating_add(999) / 1000
}

/// What a login attempt for one username may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Check the password.
    Open,
    /// Refused without checking the password: `failures` failed logins, `wait_ms` still to wait.
    Throttled { failures: u32, wait_ms: i64 },
    /// Another attempt for this username (another process) is being checked: wait for it.
    Busy,
}

/// What is recorded for one username.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub failures: u32,
    pub last_failure_ms: i64,
    /// When an attempt being checked started (`None`: none is).
    pub checking_since_ms: Option<i64>,
}

/// The gate of an attempt at `now_ms`: throttled while the delay runs, busy while another
/// attempt is checked (so parallel processes cannot try many passwords at once), else open.
pub fn gate(record: Option<&Record>, now_ms: i64) -> Gate {
    let Some(r) = record else {
        return Gate::Open;
    };
    if let Some(left) = wait_ms(r.failures, r.last_failure_ms, now_ms) {
        return Gate::Throttled {
            failures: r.failures,
            wait_ms: left,
        };
    }
    let checking = r
        .checking_since_ms
        .is_some_and(|since| (0..CHECK_STALE_MS).contains(&now_ms.saturating_sub(since)));
    if checking { Gate::Busy } else { Gate::Open }
}

/// The refusal of an attempt made too soon. The typed name is not repeated: it may be a password
/// typed into the username field, and refusals reach the log file.
pub fn refusal(wait_ms: i64) -> DomainError {
    DomainError::refused(format!(
        "too many failed logins for this username: wait {} s, then try again",
        wait_seconds(wait_ms)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_4_delay_doubles_from_one_second_and_stops_at_five_minutes() {
        let got: Vec<i64> = (0..=10).map(delay_ms).collect();
        assert_eq!(
            got,
            [
                0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000
            ]
        );
        assert_eq!(delay_ms(u32::MAX), MAX_DELAY_MS);
    }

    #[test]
    fn nav_4_wait_counts_from_the_last_failure() {
        assert_eq!(wait_ms(0, 5_000, 5_000), None);
        assert_eq!(wait_ms(1, 5_000, 5_200), Some(800));
        assert_eq!(wait_ms(1, 5_000, 6_000), None);
        assert_eq!(wait_ms(3, 5_000, 8_999), Some(1));
        // The clock went back an hour: the wait is still at most the delay.
        assert_eq!(wait_ms(2, 3_605_000, 5_000), Some(2000));
        assert_eq!(wait_seconds(1), 1);
        assert_eq!(wait_seconds(2000), 2);
        let rec = |failures, last, since| Record {
            failures,
            last_failure_ms: last,
            checking_since_ms: since,
        };
        assert_eq!(gate(None, 9), Gate::Open);
        assert_eq!(
            gate(Some(&rec(2, 1_000, None)), 2_500),
            Gate::Throttled {
                failures: 2,
                wait_ms: 500
            }
        );
        assert_eq!(gate(Some(&rec(2, 1_000, Some(3_000))), 3_100), Gate::Busy);
        assert_eq!(gate(Some(&rec(0, 0, Some(3_000))), 13_000), Gate::Open);
        assert_eq!(
            refusal(1500).to_string(),
            "too many failed logins for this username: wait 2 s, then try again"
        );
    }
}
