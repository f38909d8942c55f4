#ifndef PARTNERDASH_WRITEBACK_H
#define PARTNERDASH_WRITEBACK_H

/// Linux's sync_file_range, which Swift's Glibc module does not export (it is a GNU
/// extension). Neither makes anything durable: the snapshot writer uses them so that its
/// dirty pages never pile up behind another file's fdatasync (docs/STORE.md › Snapshot).
/// Both return 0 or -1 with errno set; elsewhere than Linux they do nothing and return 0.

/// Starts writeback of the dirty pages in [offset, offset + length) without waiting.
int pd_start_writeback(int fd, long long offset, long long length);

/// Writes back the range and waits until it is on the device.
int pd_wait_for_writeback(int fd, long long offset, long long length);

/// Linux's copy_file_range: copies up to `length` bytes from `in_fd` at `in_offset` to
/// `out_fd` at its file position, inside the kernel (a snapshot copies the bytes an older
/// snapshot already holds, docs/STORE.md › Snapshot). Returns the bytes copied, 0 at the
/// source's end, or -1 with errno set; elsewhere than Linux -1 with ENOSYS, so the caller
/// reads and writes them itself.
long long pd_copy_file_range(int in_fd, long long in_offset, int out_fd, unsigned long long length);

#endif
