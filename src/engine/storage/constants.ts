/**
 * The fixed sizes, rates and times of the Cluster Shared Volume model. Each is a documented
 * modelling choice (README, "Cluster Shared Volumes, as simulated"); none is fitted to a result.
 */

/**
 * Flushing and dismounting the NTFS volume on the old coordinator when the role is moved by hand
 * (`moveCoordinator`). Skipped when the old coordinator is down or has lost its storage path:
 * there is nothing it can flush then.
 */
export const CSV_DISMOUNT_TIME = 0.1;

/**
 * Mounting the NTFS volume on the new coordinator and telling every node's CSV filter to resume
 * its queued I/O. A move by hand pauses I/O for CSV_DISMOUNT_TIME + CSV_MOUNT_TIME = 0.4 s (the
 * article's "slight pause in I/O ... unlikely to be noticed"); a forced move for 0.3 s.
 */
export const CSV_MOUNT_TIME = 0.3;

/**
 * The size of one VM disk I/O, to count the I/Os that queue during a pause: queuedIos = the disk
 * I/O the VMs asked for on the volume during the pause (bytes) / CSV_IO_SIZE, rounded. 64 KiB is a
 * typical I/O of a VHD on NTFS (its allocation unit for large volumes, and Hyper-V's block I/O).
 */
export const CSV_IO_SIZE = 64 * 1024;

/**
 * Metadata operations a running VM makes on its volume per second (a dynamic VHD growing, files
 * opened, extended, renamed, time stamps): each one is forwarded to the coordinator over NetFT
 * by a node that is not the coordinator.
 */
export const METADATA_OPS_PER_VM = 2;

/** Bytes one metadata operation sends to the coordinator (request and reply, small messages). */
export const METADATA_OP_BYTES = 4 * 1024;
