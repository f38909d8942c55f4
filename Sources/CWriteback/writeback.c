#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "writeback.h"

int pd_start_writeback(int fd, long long offset, long long length) {
#ifdef __linux__
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}

int pd_wait_for_writeback(int fd, long long offset, long long length) {
#ifdef __linux__
    return sync_file_range(fd, offset, length,
                           SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}

long long pd_copy_file_range(int in_fd, long long in_offset, int out_fd, unsigned long long length) {
#ifdef __linux__
    off_t offset = (off_t)in_offset;
    return (long long)copy_file_range(in_fd, &offset, out_fd, NULL, (size_t)length, 0);
#else
    (void)in_fd; (void)in_offset; (void)out_fd; (void)length;
    errno = ENOSYS;
    return -1;
#endif
}
