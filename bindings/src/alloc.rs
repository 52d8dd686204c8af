//! The instance's allocator: the standard one (dlmalloc on wasm32), which also records the size of an
//! allocation the memory cap refused before it stops the call. A host that sees a trap reads the record: set,
//! the call ran out of memory (`limit-exceeded`, `limit` = `memory`, in every host); unset, the trap is an
//! engine bug. Telling the two apart by the instance's memory size would be a guess.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU32, Ordering};

/// Bytes of the allocation the memory cap refused; 0 while none was. build.rs exports its address as the wasm
/// global `kassa_alloc_failed`; after a trap a host reads the little-endian u32 at that address.
#[no_mangle]
#[allow(non_upper_case_globals)] // the export's name
pub static kassa_alloc_failed: AtomicU32 = AtomicU32::new(0);

struct Recording;

#[global_allocator]
static ALLOCATOR: Recording = Recording;

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; a null result never
// returns (the call stops), which GlobalAlloc allows.
unsafe impl GlobalAlloc for Recording {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            refused(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            refused(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            refused(new_size);
        }
        p
    }
}

/// Records `size` (at least 1, so that the record is set) and stops the call with a trap.
#[cold]
fn refused(size: usize) -> ! {
    let size = u32::try_from(size).unwrap_or(u32::MAX).max(1);
    kassa_alloc_failed.store(size, Ordering::Relaxed);
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    std::process::abort();
}
