// CRC-32C with the SSE4.2 `crc32` instruction: one instruction per 8 bytes, three
// independent streams so its three-cycle latency is hidden, the streams joined by
// carry-less "shift" tables built once. Compiled for any x86-64 (the function carries
// its own target attribute) and used only after a run-time CPU check; elsewhere the
// Swift slicing-by-8 code runs. Both compute the same function (PartnerStoreTests).
#include "crc32c_hw.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <pthread.h>
#include <string.h>

#define PD_POLY 0x82F63B78u

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static int has_sse42 = 0;
static void setup(void);

int pd_crc32c_hw_available(void) {
    pthread_once(&setup_once, setup);
    return has_sse42;
}

// Multiplication of two polynomials modulo P (reflected), bit by bit: only used to
// build the tables below.
static uint32_t gf2_multiply(uint32_t a, uint32_t b) {
    uint32_t product = 0;
    for (int i = 0; i < 32; i++) {
        if (b & 0x80000000u) product ^= a;
        b <<= 1;
        a = (a & 1) ? (a >> 1) ^ PD_POLY : a >> 1;
    }
    return product;
}

// x^(8n·2) mod P style operator: the polynomial that shifts a CRC state over `bytes` zero bytes.
static uint32_t shift_operator(size_t bytes) {
    // x^0 in reflected form is 0x80000000; squaring repeatedly doubles the shift.
    uint32_t result = 0x80000000u;
    uint32_t power = 0x00800000u; // x^8: one zero byte
    while (bytes) {
        if (bytes & 1) result = gf2_multiply(result, power);
        power = gf2_multiply(power, power);
        bytes >>= 1;
    }
    return result;
}

#define PD_BLOCK 4096u /* bytes per stream in one round */

static uint32_t shift_table[4][256] = {{0}};

// Once per process: the CPU check, and the table that shifts a state over PD_BLOCK zero bytes.
static void setup(void) {
    __builtin_cpu_init();
    has_sse42 = __builtin_cpu_supports("sse4.2") ? 1 : 0;
    uint32_t op = shift_operator(PD_BLOCK);
    for (int k = 0; k < 4; k++) {
        for (uint32_t i = 0; i < 256; i++) {
            shift_table[k][i] = gf2_multiply(op, i << (8 * k));
        }
    }
}

static inline uint32_t shift_block(uint32_t crc) {
    return shift_table[0][crc & 0xFF] ^ shift_table[1][(crc >> 8) & 0xFF] ^ shift_table[2][(crc >> 16) & 0xFF]
        ^ shift_table[3][crc >> 24];
}

__attribute__((target("sse4.2")))
uint32_t pd_crc32c_hw_update(uint32_t state, const void *bytes, size_t length) {
    if (!pd_crc32c_hw_available()) return state;
    const unsigned char *p = (const unsigned char *)bytes;
    uint64_t crc0 = state;
    // Align to 8 bytes.
    while (length && ((uintptr_t)p & 7)) {
        crc0 = __builtin_ia32_crc32qi((uint32_t)crc0, *p++);
        length--;
    }
    if (length >= 3 * PD_BLOCK) {
        while (length >= 3 * PD_BLOCK) {
            uint64_t crc1 = 0, crc2 = 0;
            const unsigned char *end = p + PD_BLOCK;
            while (p < end) {
                uint64_t a, b, c;
                memcpy(&a, p, 8);
                memcpy(&b, p + PD_BLOCK, 8);
                memcpy(&c, p + 2 * PD_BLOCK, 8);
                crc0 = __builtin_ia32_crc32di(crc0, a);
                crc1 = __builtin_ia32_crc32di(crc1, b);
                crc2 = __builtin_ia32_crc32di(crc2, c);
                p += 8;
            }
            // crc(A||B||C) = shift(shift(crcA) ^ crcB) ^ crcC with zero-started B and C.
            crc0 = shift_block((uint32_t)crc0) ^ (uint32_t)crc1;
            crc0 = shift_block((uint32_t)crc0) ^ (uint32_t)crc2;
            p += 2 * PD_BLOCK;
            length -= 3 * PD_BLOCK;
        }
    }
    while (length >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        crc0 = __builtin_ia32_crc32di(crc0, v);
        p += 8;
        length -= 8;
    }
    while (length) {
        crc0 = __builtin_ia32_crc32qi((uint32_t)crc0, *p++);
        length--;
    }
    return (uint32_t)crc0;
}

#else

int pd_crc32c_hw_available(void) { return 0; }

uint32_t pd_crc32c_hw_update(uint32_t state, const void *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return state;
}

#endif
