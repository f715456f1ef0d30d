/* Compiler hints Swift cannot spell: header-only, inlined into the Swift
 * kernels that call them. No algorithms here. */
#ifndef SWIFTBIO_HINTS_H
#define SWIFTBIO_HINTS_H

/* Asks the CPU to start loading the cache line holding `address` (a read
 * soon); never faults, whatever the address. */
static inline __attribute__((always_inline)) void sb_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
