//! The verbatim captures of LUNASH.md, "Prompts and questions as real appliances print them":
//! each `*_ASK` is what the device printed up to the point where it waits for an answer.

/// `hsm login`, software 7.2.0 (the same layout on 6.x): the question, then `  > `.
pub const SH_HSM_LOGIN_72_ASK: &str = concat!(
    "[local_host] lunash:>hsm login\n",
    "  Please enter the HSM Administrators' password:\n",
    "  > ",
);

/// What 7.2.0 printed after the password was typed (8 characters echoed as `*`).
pub const SH_HSM_LOGIN_72_DONE: &str = concat!(
    "********\n",
    "\n",
    "\n",
    "'hsm login' successful.\n",
    "\n",
    "\n",
    "Command Result : 0 (Success)\n",
);

/// `hsm login` after an earlier failure, firmware 6.20.2: a caution block comes first.
pub const SH_HSM_LOGIN_CAUTION_ASK: &str = concat!(
    "[hsm-2-2-5-9] lunash:>hsm login\n",
    "\n",
    "Caution:  You have only TWO HSM Admin logins attempts left (including\n",
    "          this one). If you fail two more consecutive login attempts\n",
    "          (i.e. with no successful logins in between) the HSM will\n",
    "          be ZEROIZED!!!\n",
    "\n",
    "  Please enter the HSM Administrators' password:\n",
    "  > ",
);

/// `partition showContents`, software 7.8.5.
pub const SH_SHOW_CONTENTS_785_ASK: &str = concat!(
    "[sehsm3.thaleselab.com] lunash:>par showContents -partition sp_sehsm3\n",
    "  Please enter the Crypto Officer's password:\n",
    "  > ",
);

/// `partition create` of a legacy partition, software 6.2.2: the first question.
pub const SH_CREATE_622_ASK_PASSWORD: &str = concat!(
    "[jpmongehsm2] lunash:>partition create -partition partition6\n",
    "\n",
    "On completion, you will have this number of partitions: 6\n",
    "\n",
    "-label:  Not provided; using name for label.\n",
    "\n",
    "Please enter a password for the partition:\n",
    "> ",
);

/// The rest of the 6.2.2 `partition create` capture, one question after each answer.
pub const SH_CREATE_622_ASK_CONFIRM_PASSWORD: &str =
    "**********\n\nPlease re-enter password to confirm:\n> ";
pub const SH_CREATE_622_ASK_DOMAIN: &str =
    "**********\n\nPlease enter a cloning domain to use when creating this partition:\n> ";
pub const SH_CREATE_622_ASK_CONFIRM_DOMAIN: &str =
    "********\n\nPlease re-enter cloning domain to confirm:\n> ";
/// The proceed question: a full stop, then a tab before `> `.
pub const SH_CREATE_622_ASK_PROCEED: &str = concat!(
    "********\n",
    "\n",
    "Type 'proceed' to create the initialized partition, or 'quit' to quit now.\n",
    "\t> ",
);
/// After `proceed` was typed.
pub const SH_CREATE_622_DONE: &str = concat!(
    "proceed\n",
    "'partition create' successful.\n",
    "\n",
    "Command Result : 0 (Success)\n",
);

/// A destructive policy change, software 6.2.2: a blank line between the question and `> `.
pub const SH_POLICY_622_ASK_PROCEED: &str = concat!(
    "Type 'proceed' to zeroize your HSM and change the policy, or 'quit' to quit now.\n",
    "\n",
    "> ",
);

/// The one-line layout lunadeck first assumed (question and answer on one line); still
/// understood, as LunaCM uses it (docs/assumed-formats.md).
pub const ONE_LINE_SECRET_ASK: &str = "Please enter the HSM Administrators' password: ";

/// Every capture that ends waiting for a secret.
pub const SECRET_ASKS: [&str; 5] = [
    SH_HSM_LOGIN_72_ASK,
    SH_HSM_LOGIN_CAUTION_ASK,
    SH_SHOW_CONTENTS_785_ASK,
    SH_CREATE_622_ASK_PASSWORD,
    ONE_LINE_SECRET_ASK,
];

/// Every capture that ends waiting for `proceed` or `quit`.
pub const CONFIRM_ASKS: [&str; 2] = [SH_CREATE_622_ASK_PROCEED, SH_POLICY_622_ASK_PROCEED];
