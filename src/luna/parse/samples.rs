//! The literal output samples of LUNASH.md and docs/assumed-formats.md, byte for byte, so the
//! parser tests, the property tests and the simulator's conformance tests share one copy.

/// LUNASH.md: the result line of every successful command.
pub const SH_RESULT_SUCCESS: &str = "Command Result : 0 (Success)\n";

/// LUNASH.md: a coded and a human error line, then the generic failure.
pub const SH_CLIENT_SHOW_ERROR: &str = concat!(
    "Error:  'client show' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)\n",
    "\n",
    "Error:  Specified client does not exist.\n",
    "\n",
    "\n",
    "Command Result : 65535 (Luna Shell execution)\n",
);

/// LUNASH.md: `partition list` on software 7.8.5 (Version column).
pub const SH_PARTITION_LIST_78: &str = concat!(
    "                                                                              Storage (bytes)\n",
    "                                                       Partition    ----------------------------------\n",
    "Partition            Name                              Version      Objects  Total     Used     Free\n",
    "===================  ================================  ===========  =======  =======  =======  =======\n",
    "1582775433934        sp_sehsm3                         0                 23   648381     9408   638973\n",
);

/// LUNASH.md: `partition list` on software 5.x/6.x.
pub const SH_PARTITION_LIST_6: &str = concat!(
    "                                                      Storage (bytes)\n",
    "                                                ----------------------------\n",
    " Partition    Name                     Objects     Total      Used      Free\n",
    " ===========================================================================\n",
    " 157826004    testPar1                       0    102701         0    102701\n",
    " 157826011    testPar2                       2    102701         0    102701\n",
);

/// LUNASH.md: `hsm show` on software 7.2.0 (abridged).
pub const SH_HSM_SHOW_72: &str = concat!(
    "   Appliance Details:\n",
    "   ==================\n",
    "   Software Version:                7.2.0-220\n",
    "\n",
    "   HSM Details:\n",
    "   ============\n",
    "   HSM Label:                          myLunaHSM\n",
    "   Serial #:                           572413\n",
    "   Firmware:                           7.0.3\n",
    "   HSM Model:                          Luna K7\n",
    "   Authentication Method:              Password\n",
    "   HSM Admin login status:             Not Logged In\n",
    "   HSM Admin login attempts left:      3 before HSM zeroization!\n",
    "\n",
    "   Partitions created on HSM:\n",
    "   ==============================\n",
    "   Partition:            534071009, Name: partition1\n",
    "\n",
    "   Number of partitions allowed:        10\n",
    "   Number of partitions created:        1\n",
    "\n",
    "   HSM Storage Information:\n",
    "   ========================\n",
    "   Maximum HSM Storage Space (Bytes):   33554432\n",
    "   Space In Use (Bytes):                0\n",
    "   Free Space Left (Bytes):             33554432\n",
);

/// LUNASH.md: `partition show` on firmware 6.x.
pub const SH_PARTITION_SHOW_6: &str = concat!(
    "Partition Name:                            partition6\n",
    "Partition SN:                              534071053\n",
    "Partition Label:                           partition6\n",
    "Partition Owner Locked Out:                no\n",
    "Partition Owner Login Attempts Left:       10 before Partition Owner is Locked Out\n",
    "Partition Storage Information (Bytes):     Total=207559, Used=0, Free=207559\n",
    "Partition Object Count:                    0\n",
);

/// LUNASH.md: `partition showContents` on software 7.8.5 (abridged: 2 objects counted, 1 shown).
pub const SH_SHOW_CONTENTS_78: &str = concat!(
    "   Partition Name:                                  sp_sehsm3\n",
    "   Partition SN:                                1582775433934\n",
    "   Partition Version:                                       0\n",
    "   Storage (Bytes): Total=648381, Used=496, Free=647885\n",
    "   Number objects:  2\n",
    "\n",
    "   Object Label:  DARKSTARKEY-mac-key\n",
    "   Object Type:   Symmetric Key\n",
    "   Object Handle: 37\n",
);

/// assumed-formats.md: lines added to `hsm show` after the attempts line.
pub const SH_HSM_SHOW_ADDED: &str = concat!(
    "   FM HW Status:                       Non-FM\n",
    "   Performance Level:                  Standard\n",
    "   Per-Partition SO Capability:        Enabled\n",
    "   Secure Trusted Channel Policy:      Disabled\n",
);

/// assumed-formats.md: lines added to `partition show` after the 6.x lines.
pub const SH_PARTITION_SHOW_ADDED: &str = concat!(
    "Partition Version:                         0\n",
    "Partition Initialized:                     yes\n",
    "Per-Partition SO:                          yes\n",
    "Secure Trusted Channel:                    no\n",
    "Partition SO:                              initialized\n",
    "Crypto Officer:                            activated\n",
    "Crypto User:                               not initialized\n",
);

/// assumed-formats.md: one LunaCM `slot list` block.
pub const CM_SLOT_LIST: &str = concat!(
    "\tSlot Id ->              0\n",
    "\tLabel ->                sp_sehsm3\n",
    "\tSerial Number ->        1582775433934\n",
    "\tModel ->                LunaSA 7.8.5\n",
    "\tFirmware Version ->     7.8.4\n",
    "\tBootloader Version ->   1.1.5\n",
    "\tConfiguration ->        Luna User Partition With SO (PW) Key Export With Cloning Mode\n",
    "\tSlot Description ->     Net Token Slot\n",
    "\tFM HW Status ->         Non-FM\n",
);

/// assumed-formats.md: LunaCM `partition contents`.
pub const CM_PARTITION_CONTENTS: &str = concat!(
    "\tThe 'Crypto Officer' is currently logged in. Looking for objects accessible to the 'Crypto Officer'.\n",
    "\n",
    "\tObject list:\n",
    "\n",
    "\tLabel:        DARKSTARKEY-mac-key\n",
    "\tHandle:       37\n",
    "\tObject Type:  Symmetric Key\n",
    "\tAlgorithm:    AES\n",
    "\tKey Size:     256\n",
    "\tFingerprint:  3F:A1:09:...:77\n",
    "\n",
    "\tNumber of objects:  1\n",
);

/// assumed-formats.md: LunaCM `hagroup listgroups`.
pub const CM_HAGROUP_LISTGROUPS: &str = concat!(
    "\t\tHA Group Label:  myHA\n",
    "\t       HA Group Number:  11582775433934\n",
    "\t      HA Group Slot ID:  5\n",
    "\t       Synchronization:  enabled\n",
    "\t         Group Members:  1582775433934, 1582775433941\n",
    "\t       Standby Members:  <none>\n",
    "\n",
    "\tSlot #    Member S/N                      Member Label    Status\n",
    "\t======    ==========                      ============    ======\n",
    "\t     0    1582775433934                      sp_sehsm3    alive\n",
    "\t     1    1582775433941                      sp_sehsm3    alive\n",
);

/// LUNASH.md: the generic failure result line.
pub const SH_RESULT_FAILURE: &str = "Command Result : 65535 (Luna Shell execution)\n";

/// LUNASH.md: the success line names the canonical command.
pub const SH_ASSIGN_SUCCESS: &str = "'client assignPartition' successful.\n";

/// LUNASH.md: `client fingerprint` (the capture is abridged with `...`).
pub const SH_CLIENT_FINGERPRINT: &str = "Certificate fingerprint: D9:9E:...\n";

/// LUNASH.md: `client list` with one client.
pub const SH_CLIENT_LIST: &str = "registered client 1: client_name\n";

/// LUNASH.md: `client list` with no client.
pub const SH_CLIENT_LIST_EMPTY: &str = "No clients are registered.\n";

/// LUNASH.md: `partition list` (and the `hsm show` list) when there is none.
pub const SH_NO_PARTITIONS: &str = "There are no partitions.\n";

/// assumed-formats.md: the exec-mode banner.
pub const SH_BANNER: &str = "Luna Network HSM Command Line Shell v7.8.5-20. Copyright (c) 2026 Thales Group. All rights reserved.\n";

/// assumed-formats.md: LunaCM success.
pub const CM_RESULT_OK: &str = "Command Result : No Error\n";

/// assumed-formats.md: LunaCM wrong password.
pub const CM_RESULT_PIN_INCORRECT: &str = "Command Result : 0xa0 (CKR_PIN_INCORRECT)\n";

/// assumed-formats.md: LunaCM bad slot.
pub const CM_RESULT_SLOT_INVALID: &str = "Command Result : 0x3 (CKR_SLOT_ID_INVALID)\n";

/// assumed-formats.md: LunaCM `hagroup listgroups` with no group.
pub const CM_NO_HA_GROUPS: &str = "There are no HA groups defined.\n";
