//! Parallel loops in which the calling thread works too and never waits for a worker that
//! has not woken up.
//!
//! # Why
//! A rayon `join` or parallel iterator called from a thread outside the pool (the user's
//! thread, which is where every op starts) injects the whole job into the pool and puts
//! the caller to sleep: a worker must wake up to start it, and the caller must be woken
//! when it ends. On a loaded or virtualised machine each of those wake-ups costs tens of
//! microseconds, more than a whole `f32` sum of 1e5 elements: that sum measured 19 us
//! through `join` and 6.4 us here (docs/benchmarks.md). PyTorch avoids the same cost with
//! OpenMP, whose calling thread is one of the team and whose workers spin between
//! regions.
//!
//! # How
//! [`for_each_index`] splits the loop's indices into one contiguous range per participant
//! (the caller and `P - 1` helpers spawned into the pool); each walks its own range
//! upwards, then steals the upper half of what another has left. When the caller runs out of
//! indices it closes a gate: a helper that starts afterwards returns at once, and the
//! caller waits only for helpers already inside the loop. Called from inside the pool
//! (nested parallelism, or a user's own rayon code) it is an ordinary parallel iterator.
//! [`chunks_mut`] and [`map`] are built on it. Results never depend on which thread ran
//! an index, so what a caller computes does not depend on the path or the thread count.

use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The pool's size when the caller is outside the pool and the pool has several workers
/// (a loop of [`for_each_index`] then shares its indices between the caller and helpers),
/// else `None`.
pub fn outside_workers() -> Option<usize> {
    if rayon::current_thread_index().is_some() {
        return None;
    }
    let p = rayon::current_num_threads();
    (p > 1).then_some(p)
}

/// `f(item)` for every item, in parallel, results in item order.
pub fn map<I: Send, R: Send>(items: Vec<I>, f: impl Fn(I) -> R + Sync) -> Vec<R> {
    let n = items.len();
    if n <= 1 {
        return items.into_iter().map(f).collect();
    }
    if rayon::current_thread_index().is_some() {
        return items.into_par_iter().map(&f).collect();
    }
    let slots: Vec<Mutex<(Option<I>, Option<R>)>> = items
        .into_iter()
        .map(|i| Mutex::new((Some(i), None)))
        .collect();
    for_each_index(n, |k| {
        let mut g = slots[k].lock().unwrap_or_else(|e| e.into_inner());
        let item = g.0.take().expect("each index runs once");
        g.1 = Some(f(item));
    });
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .1
                .expect("ran")
        })
        .collect()
}

/// Bit of [`Shared::state`]: the caller has finished and no helper may start.
const CLOSED: usize = 1 << (usize::BITS - 1);

/// What the caller of [`for_each_index`] shares with its helpers.
struct Shared {
    /// Helpers inside the work loop, plus [`CLOSED`].
    state: AtomicUsize,
    /// Per participant (the caller is 0, helper `i` is `i`), the indices of its range not
    /// yet claimed, `front << 32 | back` (`front..back`): the owner claims from the
    /// front, the others, once their own range is empty, from the back.
    ranges: Vec<AtomicU64>,
    /// The caller, unparked by the last helper to leave after [`CLOSED`] is set.
    caller: std::thread::Thread,
    /// The first panic of a helper, resumed on the caller.
    panic: Mutex<Option<Box<dyn std::any::Any + Send>>>,
}

impl Shared {
    /// Claims an index for participant `me`: the first left in its own range; when that
    /// is empty, it steals the upper half of the next non-empty range of another
    /// participant, claims its first index and keeps the rest as its own range (walked
    /// upwards too). `None` when every range is empty.
    ///
    /// Every change of a range is a compare-and-swap of its whole packed value, so a
    /// range's value is at every moment exactly the set of indices it holds: each index
    /// is claimed once.
    fn claim(&self, me: usize) -> Option<usize> {
        let own = &self.ranges[me];
        let mut s = own.load(Ordering::Relaxed);
        loop {
            let (front, end) = unpack(s);
            if front >= end {
                break;
            }
            match own.compare_exchange_weak(
                s,
                pack(front + 1, end),
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(front),
                Err(now) => s = now,
            }
        }
        let p = self.ranges.len();
        for d in 1..p {
            let victim = &self.ranges[(me + d) % p];
            let mut v = victim.load(Ordering::Relaxed);
            loop {
                let (front, end) = unpack(v);
                if front >= end {
                    break;
                }
                let mid = front + (end - front) / 2;
                match victim.compare_exchange_weak(
                    v,
                    pack(front, mid),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        // `own` is empty, and nobody changes an empty range.
                        own.store(pack(mid + 1, end), Ordering::Relaxed);
                        return Some(mid);
                    }
                    Err(now) => v = now,
                }
            }
        }
        None
    }

    /// Empties every range (after a panic, so that the others stop soon).
    fn stop(&self) {
        for r in &self.ranges {
            r.store(0, Ordering::Relaxed);
        }
    }
}

/// `(front, end)` of a packed range.
fn unpack(s: u64) -> (usize, usize) {
    ((s >> 32) as usize, (s & 0xffff_ffff) as usize)
}

/// The packed range `front..end` (both at most `u32::MAX`).
fn pack(front: usize, end: usize) -> u64 {
    (front as u64) << 32 | end as u64
}

/// `f(k)` for every `k < n`, in parallel. The indices are split into one contiguous range
/// per participant (the calling thread and up to `P - 1` helpers spawned into the pool);
/// each walks its own range upwards, then steals the upper half of another's (see
/// `Shared::claim`).
/// When the helpers keep up, every participant reads the same part of the data on every
/// call, in address order (so a repeated op finds its part in the same core's cache, and
/// the hardware prefetcher runs ahead). The caller never waits for a helper that has not
/// started: when it runs out of indices it closes the gate, and a
/// helper that starts after that returns at once without touching `f`; the caller waits
/// only for helpers still inside the loop. So a pool whose workers are asleep (a
/// cross-thread wake-up costs tens of microseconds on a loaded machine) never delays the
/// op by more than the work the caller did itself. From inside the pool this is an
/// ordinary parallel loop. A panic in `f` is resumed on the caller.
pub fn for_each_index(n: usize, f: impl Fn(usize) + Sync) {
    if n == 0 {
        return;
    }
    if n == 1 {
        return f(0);
    }
    if rayon::current_thread_index().is_some() || n > u32::MAX as usize {
        return (0..n).into_par_iter().for_each(&f);
    }
    let helpers = rayon::current_num_threads().saturating_sub(1).min(n - 1);
    let shared = Arc::new(Shared {
        state: AtomicUsize::new(0),
        ranges: (0..=helpers)
            .map(|i| {
                let (s, e) = (i * n / (helpers + 1), (i + 1) * n / (helpers + 1));
                AtomicU64::new(pack(s, e))
            })
            .collect(),
        caller: std::thread::current(),
        panic: Mutex::new(None),
    });
    let work = |sh: &Shared, f: &(dyn Fn(usize) + Sync), me: usize| {
        while let Some(k) = sh.claim(me) {
            f(k);
        }
    };
    let fr: &(dyn Fn(usize) + Sync) = &f;
    // SAFETY: helpers call `f` only between a successful entry (`state` incremented while
    // not CLOSED) and their exit (decrement); the caller sets CLOSED and waits below until
    // no helper is inside before returning, so `f` outlives every use. A helper that
    // starts later sees CLOSED and never touches `f`.
    let fs: &'static (dyn Fn(usize) + Sync) = unsafe { std::mem::transmute(fr) };
    let fptr = SendPtr(fs as *const (dyn Fn(usize) + Sync));
    for me in 1..=helpers {
        let sh = Arc::clone(&shared);
        rayon::spawn(move || {
            let fptr = fptr;
            let mut s = sh.state.load(Ordering::Acquire);
            loop {
                if s & CLOSED != 0 {
                    return;
                }
                match sh
                    .state
                    .compare_exchange_weak(s, s + 1, Ordering::AcqRel, Ordering::Acquire)
                {
                    Ok(_) => break,
                    Err(now) => s = now,
                }
            }
            // SAFETY: entered before CLOSED (see above), so `f` is alive until we leave.
            let f = unsafe { &*fptr.0 };
            if let Err(p) = catch_unwind(AssertUnwindSafe(|| work(&sh, f, me))) {
                sh.stop();
                sh.panic
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(p);
            }
            let caller = sh.caller.clone();
            if sh.state.fetch_sub(1, Ordering::AcqRel) == CLOSED | 1 {
                caller.unpark();
            }
        });
    }
    let mine = catch_unwind(AssertUnwindSafe(|| work(&shared, &f, 0)));
    if mine.is_err() {
        shared.stop();
    }
    if shared.state.fetch_or(CLOSED, Ordering::AcqRel) != 0 {
        let mut spins = 0u32;
        while shared.state.load(Ordering::Acquire) != CLOSED {
            if spins < 1 << 12 {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::park();
            }
        }
    }
    if let Err(p) = mine {
        resume_unwind(p);
    }
    if let Some(p) = shared
        .panic
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    {
        resume_unwind(p);
    }
}

/// `f(k, chunk)` for the consecutive chunks of `out` of `chunk` elements (the last may be
/// shorter), `k` the chunk's index, in parallel as [`for_each_index`].
pub fn chunks_mut<O: Send>(out: &mut [O], chunk: usize, f: impl Fn(usize, &mut [O]) + Sync) {
    assert!(chunk > 0, "chunks of no element");
    let len = out.len();
    let base = SyncMut(out.as_mut_ptr());
    let base = &base;
    for_each_index(len.div_ceil(chunk), |k| {
        let s = k * chunk;
        let e = (s + chunk).min(len);
        // SAFETY: every index is handed out once, so the chunks are disjoint; each lies in
        // `out`, which is borrowed mutably until every call has returned.
        let c = unsafe { std::slice::from_raw_parts_mut(base.0.add(s), e - s) };
        f(k, c)
    });
}

/// The base of a slice whose disjoint chunks are written from several threads.
struct SyncMut<O>(*mut O);
// SAFETY: only used by `chunks_mut`, which hands each element to one thread; `O: Send`.
unsafe impl<O: Send> Sync for SyncMut<O> {}

/// A pointer to the caller's closure, sent to helpers (see [`for_each_index`]'s safety
/// argument for why they may use it).
#[derive(Clone, Copy)]
struct SendPtr(*const (dyn Fn(usize) + Sync));
// SAFETY: the closure is `Sync`, and its lifetime is handled by the gate of `for_each_index`.
unsafe impl Send for SendPtr {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Results come back in item order, every item once, from outside and inside the pool,
    /// for item counts below, at and above the worker count.
    #[test]
    fn map_keeps_item_order_on_every_path() {
        for n in [0usize, 1, 2, 3, 7, 64, 1001] {
            let want: Vec<usize> = (0..n).map(|i| i * i).collect();
            assert_eq!(map((0..n).collect(), |i| i * i), want, "outside, n = {n}");
            let inside =
                rayon::scope(|_| rayon::join(|| map((0..n).collect(), |i: usize| i * i), || ()).0);
            assert_eq!(inside, want, "inside, n = {n}");
        }
    }

    /// Every index runs exactly once, whichever thread claims it.
    #[test]
    fn every_index_runs_once() {
        use std::sync::atomic::AtomicU32;
        for n in [2usize, 3, 17, 1000] {
            let hits: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
            for_each_index(n, |k| {
                hits[k].fetch_add(1, Ordering::Relaxed);
            });
            assert!(
                hits.iter().all(|h| h.load(Ordering::Relaxed) == 1),
                "n = {n}"
            );
        }
        let mut v = vec![0usize; 1003];
        chunks_mut(&mut v, 10, |k, c| c.iter_mut().for_each(|x| *x = k));
        assert!(v.iter().enumerate().all(|(i, &k)| k == i / 10));
    }

    /// Under contention (uneven work, so that participants run out at different times and
    /// steal from each other repeatedly), every index still runs exactly once.
    #[test]
    fn stealing_never_loses_or_repeats_an_index() {
        use std::sync::atomic::AtomicU32;
        for round in 0..300usize {
            let n = 2 + round % 97;
            let hits: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
            for_each_index(n, |k| {
                if (k * 7 + round) % 5 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(20));
                }
                hits[k].fetch_add(1, Ordering::Relaxed);
            });
            let bad: Vec<usize> = (0..n)
                .filter(|&k| hits[k].load(Ordering::Relaxed) != 1)
                .collect();
            assert!(bad.is_empty(), "round {round}, n {n}: indices {bad:?}");
        }
    }

    /// With every worker of the pool blocked, the caller does all the work itself and
    /// returns: it never waits for a helper that has not started.
    #[test]
    fn completes_while_every_worker_is_busy() {
        let workers = rayon::current_num_threads();
        let (release, blocked) = std::sync::mpsc::channel::<()>();
        let blocked = Arc::new(Mutex::new(blocked));
        let (started_tx, started) = std::sync::mpsc::channel::<()>();
        for _ in 0..workers {
            let (b, s) = (Arc::clone(&blocked), started_tx.clone());
            rayon::spawn(move || {
                s.send(()).ok();
                let _ = b.lock().map(|r| r.recv());
            });
        }
        for _ in 0..workers {
            started.recv().expect("a worker started");
        }
        let (done_tx, done) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let sum = AtomicUsize::new(0);
            for_each_index(64, |k| {
                sum.fetch_add(k, Ordering::Relaxed);
            });
            done_tx.send(sum.into_inner()).ok();
        });
        let got = done.recv_timeout(std::time::Duration::from_secs(60));
        for _ in 0..workers {
            release.send(()).ok();
        }
        assert_eq!(got, Ok(64 * 63 / 2), "the caller alone finishes the loop");
    }

    /// A panic in the closure, on the caller or on a helper, reaches the caller, and the
    /// pool keeps working.
    #[test]
    fn panics_reach_the_caller() {
        for bad in [0usize, 999] {
            let r = catch_unwind(|| {
                for_each_index(1000, |k| {
                    if k == bad {
                        panic!("index {k}");
                    }
                })
            });
            assert!(r.is_err(), "panic at {bad} lost");
        }
        assert_eq!(map((0..10).collect(), |i: usize| i + 1)[9], 10);
    }
}
