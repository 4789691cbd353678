/**
 * Fixed sizes and times of the migration steps that are not memory. Each is a documented
 * modelling choice, small next to the memory copy, and every one is a data transfer or a delay
 * the report can account for, never a fudge on the result.
 */

/** The VM's configuration sent to the target to create the shell VM (settings, device list). */
export const CONFIG_BYTES = 256 * 1024;

/** Processor and device state sent with the last pages while the VM is suspended. */
export const DEVICE_STATE_BYTES = 2 * 1024 * 1024;

/** Taking a classic cluster disk offline on its owner (flush, dismount NTFS, release the reservation). */
export const DISK_OFFLINE_TIME = 0.3;

/** Bringing a classic cluster disk online on the new owner (SCSI reservation, mount NTFS). */
export const DISK_ONLINE_TIME = 0.7;
