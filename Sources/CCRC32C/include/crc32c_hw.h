#ifndef PARTNERDASH_CRC32C_HW_H
#define PARTNERDASH_CRC32C_HW_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SSE4.2 CRC32 instruction (checked once at run time), else 0.
int pd_crc32c_hw_available(void);

/// Advances a CRC-32C state (not inverted: pass 0xFFFFFFFF first, invert at the end)
/// over `length` bytes with the SSE4.2 instruction. Only call it when
/// `pd_crc32c_hw_available()` is 1; elsewhere it returns `state` unchanged.
uint32_t pd_crc32c_hw_update(uint32_t state, const void *bytes, size_t length);

#endif
