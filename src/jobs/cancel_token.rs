//! `CancelToken`: a job's cancel flag, checked between steps, polled by the transports during a
//! command (so a cancel stops it mid-way), and awaited while the job waits for a busy device.

use std::sync::Arc;
use tokio::sync::watch;

/// Cloneable handle; every clone sees the same flag. Cancelling is idempotent.
#[derive(Debug, Clone)]
pub struct CancelToken {
    flag: Arc<watch::Sender<bool>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        CancelToken::new()
    }
}

impl CancelToken {
    pub fn new() -> Self {
        let (tx, _rx) = watch::channel(false);
        CancelToken { flag: Arc::new(tx) }
    }

    /// Asks the job to stop: no further step starts once the one in flight ends.
    pub fn cancel(&self) {
        self.flag.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.flag.borrow()
    }

    /// Resolves once the token is cancelled (immediately if it already is).
    pub async fn cancelled(&self) {
        let mut rx = self.flag.subscribe();
        // The sender lives in `self`, so `wait_for` cannot fail while we hold it.
        let _ = rx.wait_for(|c| *c).await;
    }
}

impl crate::luna::shell::CancelFlag for CancelToken {
    fn is_cancelled(&self) -> bool {
        CancelToken::is_cancelled(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn x_1_cancel_is_seen_by_every_clone() {
        let a = CancelToken::new();
        let b = a.clone();
        assert!(!b.is_cancelled());
        let waiter = tokio::spawn(async move { b.cancelled().await });
        a.cancel();
        a.cancel();
        assert!(waiter.await.is_ok());
        assert!(a.is_cancelled());
        // Already cancelled: resolves at once.
        a.cancelled().await;
    }
}
