//! A counting global allocator for the allocation bench (`benches/allocations.rs`): the system allocator,
//! with every allocation counted. Only a binary that declares it as its `#[global_allocator]` pays for the
//! counting, so the timing benches run on the plain system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// The system allocator, counting. A `realloc` counts as one allocation (it may move the block); frees are
/// not counted.
pub struct Counting;

static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

/// Allocations and bytes requested while `f` ran (on any thread: run it alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub allocations: u64,
    pub bytes: u64,
}

/// What `f` allocated, its result dropped inside the count (a caller pays for freeing what it gets).
pub fn count<R>(f: impl FnOnce() -> R) -> Count {
    let (calls, bytes) = (CALLS.load(Relaxed), BYTES.load(Relaxed));
    drop(std::hint::black_box(f()));
    Count {
        allocations: CALLS.load(Relaxed) - calls,
        bytes: BYTES.load(Relaxed) - bytes,
    }
}
