//! A bounded caching allocator for [`CpuBuffer`](crate::CpuBuffer) storage.
//!
//! # Why
//! Every op allocates a fresh output. Above glibc's mmap threshold (32 MiB at most) each
//! such allocation is a fresh `mmap`, so the kernel takes one page fault per 4 KiB when it
//! first writes the output, and `munmap` on drop throws the pages away again: at 1e7 f32
//! elements that is ~10k faults per call, more than the op itself costs
//! (docs/benchmarks.md). Keeping freed blocks for reuse, as PyTorch's caching allocator
//! does, removes that cost for repeated ops of similar sizes.
//!
//! # Policy
//! - **Size classes.** A request of `b` 64-byte blocks is rounded up to its class: exact
//!   below 8 blocks, otherwise to a multiple of `2^(floor(log2 b) - 3)` blocks, i.e. eight
//!   classes per power of two. A buffer is therefore at most 12.5% (and 448 bytes below
//!   512 bytes) larger than asked, and any freed block of the same class can serve a later
//!   request.
//! - **Bound.** At most [`Pool::max_bytes`] bytes and [`MAX_ENTRIES`] blocks are kept. A
//!   freed block that does not fit evicts the least recently freed ones; a block larger than
//!   the whole bound is returned to the system at once. The bound of the process-wide pool
//!   is read once from `TENSOR_CPU_CACHE_BYTES` (a byte count; `0` disables caching),
//!   default [`DEFAULT_MAX_BYTES`].
//! - **Contents.** Fresh blocks come from `alloc_zeroed` or, from [`HUGE_MIN`] bytes on
//!   Linux, from `mmap` (straight from the kernel as zero pages). A reused block holds whatever its previous owner wrote, which
//!   is initialised memory of some element type; [`crate::CpuBuffer`] zeroes it when the
//!   new owner needs zeros (see [`crate::CpuBuffer::zeroed`]). The `Backend::alloc`
//!   contract is "contents unspecified", so outputs are not zeroed.
//! - **Huge pages.** On Linux, blocks of at least [`HUGE_MIN`] bytes are mapped directly
//!   (`mmap`, aligned to 2 MiB) and marked `MADV_HUGEPAGE`, as NumPy does for large
//!   arrays: where transparent huge pages are enabled (`always` or `madvise`), a 40 MB
//!   buffer is then 20 TLB entries instead of ~10k, and its first touch takes 20 page
//!   faults instead of ~10k. This matters most for strided access (the transposed copy
//!   touches a different 4 KiB page on every row). Where the kernel refuses, the mapping
//!   simply stays in 4 KiB pages.
//! - **Threads.** One mutex guards the pool; it is held only for a short scan of at most
//!   [`MAX_ENTRIES`] entries, never while memory is touched or returned to the system.
//!   In front of the process-wide pool, each thread keeps up to [`THREAD_PER_CLASS`] freed
//!   blocks of each class up to [`THREAD_MAX_CLASS`] blocks (512 bytes): a tiny op's
//!   output then costs no lock at all (see [`take`] and [`give`]). That is at most 18 KiB
//!   per thread, given back to the shared pool when the thread exits.
//!
//! The pool never hands the same block to two owners: a block is either owned by exactly
//! one buffer or listed once in the pool.

use std::alloc::Layout as AllocLayout;
use std::ptr::NonNull;
use std::sync::{Mutex, OnceLock};

/// Bytes per block (and the alignment of every block).
pub const BLOCK: usize = 64;

/// Default bound on the bytes kept by the process-wide pool: 256 MiB.
pub const DEFAULT_MAX_BYTES: usize = 256 << 20;

/// Most blocks the pool keeps, whatever their size.
pub const MAX_ENTRIES: usize = 64;

/// The number of 64-byte blocks that a request of `blocks` blocks is rounded up to.
pub fn class_blocks(blocks: usize) -> usize {
    if blocks < 8 {
        return blocks;
    }
    let e = usize::BITS - 1 - blocks.leading_zeros();
    let step = 1usize << (e - 3);
    blocks.div_ceil(step).saturating_mul(step)
}

/// Classes of at most this many 64-byte blocks are cached per thread by [`take`]/[`give`].
pub const THREAD_MAX_CLASS: usize = 8;

/// Blocks of each class a thread keeps before giving them to the shared pool.
pub const THREAD_PER_CLASS: usize = 8;

/// The per-thread front of the process-wide pool: small freed blocks by class.
struct ThreadCache {
    /// `stacks[c - 1]` holds blocks of class `c`; `lens[c - 1]` of them are valid.
    stacks: [[*mut u8; THREAD_PER_CLASS]; THREAD_MAX_CLASS],
    lens: [u8; THREAD_MAX_CLASS],
}

impl Drop for ThreadCache {
    fn drop(&mut self) {
        for (c, (stack, &n)) in self.stacks.iter().zip(&self.lens).enumerate() {
            for &p in &stack[..n as usize] {
                if let Some(p) = NonNull::new(p) {
                    // SAFETY: every cached pointer came from `take(c + 1)` and is owned
                    // by this cache only.
                    unsafe { Pool::global().give(p, c + 1) };
                }
            }
        }
    }
}

thread_local! {
    static THREAD_CACHE: std::cell::RefCell<ThreadCache> = const {
        std::cell::RefCell::new(ThreadCache {
            stacks: [[std::ptr::null_mut(); THREAD_PER_CLASS]; THREAD_MAX_CLASS],
            lens: [0; THREAD_MAX_CLASS],
        })
    };
}

/// A block of `class` blocks from this thread's cache, else from [`Pool::global`]; as
/// [`Pool::take`].
pub fn take(class: usize) -> Option<(NonNull<u8>, bool)> {
    if (1..=THREAD_MAX_CLASS).contains(&class) {
        let hit = THREAD_CACHE
            .try_with(|c| {
                let mut c = c.borrow_mut();
                let n = c.lens[class - 1] as usize;
                if n == 0 {
                    return None;
                }
                c.lens[class - 1] -= 1;
                NonNull::new(c.stacks[class - 1][n - 1])
            })
            .ok()
            .flatten();
        if let Some(p) = hit {
            return Some((p, true));
        }
    }
    Pool::global().take(class)
}

/// Gives back a block from [`take`]: to this thread's cache when it has room, else to
/// [`Pool::global`].
///
/// # Safety
/// As for [`Pool::give`].
pub unsafe fn give(ptr: NonNull<u8>, class: usize) {
    if (1..=THREAD_MAX_CLASS).contains(&class) && Pool::global().max_bytes() > 0 {
        let kept = THREAD_CACHE
            .try_with(|c| {
                let mut c = c.borrow_mut();
                let n = c.lens[class - 1] as usize;
                if n == THREAD_PER_CLASS {
                    return false;
                }
                c.stacks[class - 1][n] = ptr.as_ptr();
                c.lens[class - 1] += 1;
                true
            })
            .unwrap_or(false);
        if kept {
            return;
        }
    }
    // SAFETY: forwarded from the caller.
    unsafe { Pool::global().give(ptr, class) }
}

/// One cached block of `class` 64-byte blocks.
struct Entry {
    ptr: NonNull<u8>,
    class: usize,
}

// SAFETY: an `Entry` is the sole owner of a heap block with no thread affinity.
unsafe impl Send for Entry {}

struct Inner {
    entries: Vec<Entry>,
    bytes: usize,
}

/// A bounded cache of freed 64-byte-aligned blocks, grouped by size class.
pub struct Pool {
    inner: Mutex<Inner>,
    max_bytes: usize,
}

fn layout(class: usize) -> AllocLayout {
    // Cannot fail: `class * BLOCK` was checked to fit `isize` when the block was made.
    AllocLayout::from_size_align(class * BLOCK, BLOCK).expect("checked at allocation")
}

/// Blocks of at least this many bytes are mapped with huge pages where the OS allows it
/// (Linux only; see the module docs).
pub const HUGE_MIN: usize = 4 << 20;

/// Size and alignment of a transparent huge page on x86_64 and aarch64 Linux.
#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 << 20;

/// A fresh zeroed block of `bytes` (> 0) bytes from the system.
fn sys_alloc(bytes: usize) -> Option<NonNull<u8>> {
    #[cfg(target_os = "linux")]
    if bytes >= HUGE_MIN {
        return huge::map(bytes);
    }
    let l = AllocLayout::from_size_align(bytes, BLOCK).ok()?;
    // SAFETY: `l` has a non-zero size.
    NonNull::new(unsafe { std::alloc::alloc_zeroed(l) })
}

/// Returns a block of `class` blocks obtained from [`sys_alloc`] to the system.
///
/// # Safety
/// `ptr` must come from `sys_alloc(class * BLOCK)` and not be used afterwards.
unsafe fn sys_free(ptr: NonNull<u8>, class: usize) {
    #[cfg(target_os = "linux")]
    if class * BLOCK >= HUGE_MIN {
        // SAFETY: forwarded from the caller.
        return unsafe { huge::unmap(ptr, class * BLOCK) };
    }
    // SAFETY: `ptr` came from `alloc_zeroed` with this layout (caller's contract).
    unsafe { std::alloc::dealloc(ptr.as_ptr(), layout(class)) };
}

/// Anonymous mappings aligned to [`HUGE_PAGE`] and advised `MADV_HUGEPAGE`.
#[cfg(target_os = "linux")]
mod huge {
    use super::HUGE_PAGE;
    use std::ptr::NonNull;

    /// The system's base page size (4 KiB on x86_64, up to 64 KiB on some aarch64).
    fn page() -> usize {
        static PAGE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        // SAFETY: `sysconf` has no preconditions.
        *PAGE.get_or_init(|| match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            p if p > 0 => p as usize,
            _ => 4096,
        })
    }

    /// Length of the mapping that holds `bytes` (whole base pages, so that both ends of
    /// the block are page-aligned and can be unmapped).
    fn span(bytes: usize) -> usize {
        bytes.div_ceil(page()) * page()
    }

    /// A zeroed mapping of `bytes` bytes starting on a 2 MiB boundary (so the kernel can back
    /// it with huge pages), or `None` if the system refuses.
    pub fn map(bytes: usize) -> Option<NonNull<u8>> {
        let len = span(bytes);
        let total = len.checked_add(HUGE_PAGE)?;
        // SAFETY: a fresh private anonymous mapping; no existing memory is affected.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                total,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if raw == libc::MAP_FAILED {
            return None;
        }
        let start = raw as usize;
        let aligned = start.next_multiple_of(HUGE_PAGE);
        let (head, tail) = (aligned - start, total - (aligned - start) - len);
        // SAFETY: `[start, start + head)` and `[aligned + len, start + total)` are parts of
        // the mapping just made that the block does not use (page-aligned: `head` is a
        // multiple of the base page because `start` and `aligned` are, and so is `len`). The advice
        // only changes how the kernel backs the block; failing, it is ignored.
        unsafe {
            if head > 0 {
                libc::munmap(raw, head);
            }
            if tail > 0 {
                libc::munmap((aligned + len) as *mut libc::c_void, tail);
            }
            libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
        NonNull::new(aligned as *mut u8)
    }

    /// Unmaps a block from [`map`].
    ///
    /// # Safety
    /// `ptr` must come from `map(bytes)` and not be used afterwards.
    pub unsafe fn unmap(ptr: NonNull<u8>, bytes: usize) {
        // SAFETY: the whole block is the mapping made by `map` (caller's contract).
        unsafe { libc::munmap(ptr.as_ptr().cast(), span(bytes)) };
    }
}

impl Pool {
    /// An empty pool that keeps at most `max_bytes` bytes.
    pub fn new(max_bytes: usize) -> Pool {
        Pool {
            inner: Mutex::new(Inner {
                entries: Vec::new(),
                bytes: 0,
            }),
            max_bytes,
        }
    }

    /// The process-wide pool used by [`crate::CpuBuffer`].
    pub fn global() -> &'static Pool {
        static GLOBAL: OnceLock<Pool> = OnceLock::new();
        GLOBAL.get_or_init(|| {
            let max = std::env::var("TENSOR_CPU_CACHE_BYTES")
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(DEFAULT_MAX_BYTES);
            Pool::new(max)
        })
    }

    /// The bound on the bytes kept.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Bytes currently kept.
    pub fn cached_bytes(&self) -> usize {
        self.lock().bytes
    }

    /// Blocks currently kept.
    pub fn cached_entries(&self) -> usize {
        self.lock().entries.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave `Inner` inconsistent (every update
        // is a push/remove plus a counter change done together), so poisoning is ignored.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A block of `class` 64-byte blocks (`class > 0`, as returned by [`class_blocks`]):
    /// a cached one (`reused = true`, contents are its previous owner's) or a fresh zeroed
    /// one. `None` if the size overflows or the system is out of memory.
    pub fn take(&self, class: usize) -> Option<(NonNull<u8>, bool)> {
        debug_assert!(class > 0);
        let bytes = class
            .checked_mul(BLOCK)
            .filter(|&b| b <= isize::MAX as usize)?;
        {
            let mut g = self.lock();
            if let Some(i) = g.entries.iter().rposition(|e| e.class == class) {
                let e = g.entries.remove(i);
                g.bytes -= bytes;
                return Some((e.ptr, true));
            }
        }
        sys_alloc(bytes).map(|p| (p, false))
    }

    /// Takes back a block obtained from [`Pool::take`] with the same `class`; keeps it if
    /// the bound allows (evicting the least recently freed blocks), else frees it.
    ///
    /// # Safety
    /// `ptr` must come from `take(class)` on a pool (any pool: all get their blocks from
    /// the system the same way), not be used afterwards, and be given back once.
    pub unsafe fn give(&self, ptr: NonNull<u8>, class: usize) {
        let bytes = class * BLOCK;
        let mut evicted: Vec<Entry> = Vec::new();
        if bytes <= self.max_bytes {
            let mut g = self.lock();
            let mut drop_n = 0;
            let mut kept = g.bytes + bytes;
            while kept > self.max_bytes || g.entries.len() - drop_n + 1 > MAX_ENTRIES {
                kept -= g.entries[drop_n].class * BLOCK;
                drop_n += 1;
            }
            evicted.extend(g.entries.drain(..drop_n));
            g.entries.push(Entry { ptr, class });
            g.bytes = kept;
        } else {
            evicted.push(Entry { ptr, class });
        }
        // Memory goes back to the system outside the lock.
        for e in evicted {
            // SAFETY: every entry came from `take` (so `sys_alloc`) with the size of its
            // class and is owned by nobody else.
            unsafe { sys_free(e.ptr, e.class) };
        }
    }

    /// Frees every cached block.
    pub fn clear(&self) {
        let entries = {
            let mut g = self.lock();
            g.bytes = 0;
            std::mem::take(&mut g.entries)
        };
        for e in entries {
            // SAFETY: as in `give`.
            unsafe { sys_free(e.ptr, e.class) };
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_up_by_at_most_an_eighth() {
        for b in 1..5000usize {
            let c = class_blocks(b);
            assert!(c >= b && (c - b) * 8 <= b, "{b} -> {c}");
            // Idempotent: a class is its own class.
            assert_eq!(class_blocks(c), c);
        }
        assert_eq!(class_blocks(7), 7);
        assert_eq!(class_blocks(17), 18);
        // Overflow saturates; `take` then refuses the size.
        assert_eq!(class_blocks(usize::MAX), usize::MAX);
        assert!(Pool::new(0).take(usize::MAX).is_none());
    }

    #[test]
    fn freed_blocks_are_reused_by_class() {
        let p = Pool::new(1 << 20);
        let (a, reused) = p.take(100).unwrap();
        assert!(!reused);
        // SAFETY: fresh block of 100 * 64 bytes, zeroed.
        unsafe {
            assert!(
                std::slice::from_raw_parts(a.as_ptr(), 6400)
                    .iter()
                    .all(|&x| x == 0)
            );
            a.as_ptr().write(7);
            p.give(a, 100);
        }
        assert_eq!((p.cached_entries(), p.cached_bytes()), (1, 6400));
        // Another class does not take it.
        let (b, reused) = p.take(104).unwrap();
        assert!(!reused && b != a);
        let (c, reused) = p.take(100).unwrap();
        assert!(reused && c == a);
        // SAFETY: `c` is the reused block; its old contents are still there.
        assert_eq!(unsafe { c.as_ptr().read() }, 7);
        assert_eq!(p.cached_bytes(), 0);
        // SAFETY: both came from `take` with these classes.
        unsafe {
            p.give(b, 104);
            p.give(c, 100);
        }
        assert_eq!(p.cached_entries(), 2);
    }

    #[test]
    fn the_bound_is_kept() {
        let p = Pool::new(10 * 64);
        let blocks: Vec<_> = (0..4).map(|_| p.take(4).unwrap().0).collect();
        for b in blocks {
            // SAFETY: from `take(4)`.
            unsafe { p.give(b, 4) };
            assert!(p.cached_bytes() <= p.max_bytes());
        }
        // 4 blocks of 256 bytes, bound 640 bytes: two are kept.
        assert_eq!((p.cached_entries(), p.cached_bytes()), (2, 512));
        // Larger than the whole bound: freed at once, nothing evicted.
        let (big, _) = p.take(11).unwrap();
        // SAFETY: from `take(11)`.
        unsafe { p.give(big, 11) };
        assert_eq!(p.cached_entries(), 2);
        // A disabled pool keeps nothing.
        let z = Pool::new(0);
        let (b, _) = z.take(1).unwrap();
        // SAFETY: from `take(1)`.
        unsafe { z.give(b, 1) };
        assert_eq!(z.cached_entries(), 0);
        p.clear();
        assert_eq!((p.cached_entries(), p.cached_bytes()), (0, 0));
    }

    #[test]
    fn the_entry_count_is_bounded() {
        let p = Pool::new(usize::MAX);
        let blocks: Vec<_> = (0..MAX_ENTRIES + 5).map(|_| p.take(1).unwrap().0).collect();
        for b in blocks {
            // SAFETY: from `take(1)`.
            unsafe { p.give(b, 1) };
        }
        assert_eq!(p.cached_entries(), MAX_ENTRIES);
        assert_eq!(p.cached_bytes(), MAX_ENTRIES * 64);
    }

    #[test]
    fn threads_share_the_pool_safely() {
        let p = Pool::new(1 << 16);
        std::thread::scope(|s| {
            for t in 0..4usize {
                let p = &p;
                s.spawn(move || {
                    for i in 0..500usize {
                        let class = class_blocks(1 + (i * 7 + t) % 40);
                        let (b, _) = p.take(class).unwrap();
                        // SAFETY: this thread owns the block until it gives it back.
                        unsafe {
                            std::ptr::write_bytes(b.as_ptr(), t as u8, class * 64);
                            p.give(b, class);
                        }
                    }
                });
            }
        });
        assert!(p.cached_bytes() <= 1 << 16);
    }

    /// Blocks of `class` in this thread's cache.
    fn thread_cached(class: usize) -> usize {
        THREAD_CACHE.with(|c| c.borrow().lens[class - 1] as usize)
    }

    #[test]
    fn small_blocks_are_reused_per_thread_and_bounded() {
        // A fresh thread: its cache starts empty, whatever other tests do.
        std::thread::spawn(|| {
            let class = 3;
            let (a, _) = take(class).unwrap();
            // SAFETY: from `take(class)`, given back once.
            unsafe { give(a, class) };
            assert_eq!(thread_cached(class), 1);
            let (b, reused) = take(class).unwrap();
            assert!(
                reused && b == a,
                "the thread cache hands back the block just freed"
            );
            assert_eq!(thread_cached(class), 0);
            let blocks: Vec<_> = (0..THREAD_PER_CLASS + 3)
                .map(|_| take(class).unwrap().0)
                .chain([b])
                .collect();
            for p in blocks {
                // SAFETY: each from `take(class)`, given back once.
                unsafe { give(p, class) };
            }
            assert_eq!(
                thread_cached(class),
                THREAD_PER_CLASS,
                "the rest went to the pool"
            );
            // Larger classes skip the thread cache.
            let big = THREAD_MAX_CLASS + 1;
            let (p, _) = take(big).unwrap();
            // SAFETY: from `take(big)`.
            unsafe { give(p, big) };
        })
        .join()
        .unwrap();
    }

    #[test]
    fn large_blocks_are_zeroed_aligned_mappings() {
        let class = class_blocks(HUGE_MIN / BLOCK + 3);
        let bytes = class * BLOCK;
        let p = Pool::new(0);
        for _ in 0..2 {
            let (b, reused) = p.take(class).unwrap();
            assert!(!reused, "a pool with a bound of 0 keeps nothing");
            #[cfg(target_os = "linux")]
            assert_eq!(b.as_ptr() as usize % (2 << 20), 0, "huge-page aligned");
            // SAFETY: a fresh block of `bytes` bytes owned by this test.
            unsafe {
                let s = std::slice::from_raw_parts_mut(b.as_ptr(), bytes);
                assert!(s.iter().all(|&x| x == 0), "fresh blocks are zeroed");
                // The whole block, last byte included, is writable.
                s.fill(0xa5);
                p.give(b, class);
            }
        }
    }
}
