//! The process's allocator: the first allocations come from a fixed block by moving a pointer, and freeing them
//! does nothing (except for the latest one, which is taken back); once the block is used up, everything goes to
//! the system allocator. A `generate` run makes a few thousand small allocations (the catalog's strings and lists)
//! and then exits: paying malloc's and free's bookkeeping for each was a sixth of its instructions. A long wizard
//! session simply moves on to the system allocator, having spent at most the block.

use std::{
    alloc::{GlobalAlloc, Layout, System},
    cell::UnsafeCell,
    ptr,
    sync::atomic::{AtomicUsize, Ordering},
};

/// The block's size: what a `generate` run allocates before it writes, with room to spare. Untouched pages of it
/// cost no memory.
pub const BLOCK: usize = 1 << 20;

#[repr(C, align(4096))]
struct Block<const N: usize>([u8; N]);

/// A bump allocator over an `N`-byte block in front of the system allocator.
pub struct Arena<const N: usize = BLOCK> {
    block: UnsafeCell<Block<N>>,
    /// Offset of the block's first free byte.
    top: AtomicUsize,
}

// SAFETY: the block is only handed out in disjoint pieces, each claimed by a compare-and-swap on `top`.
unsafe impl<const N: usize> Sync for Arena<N> {}

impl<const N: usize> Arena<N> {
    pub const fn new() -> Self {
        Arena {
            block: UnsafeCell::new(Block([0; N])),
            top: AtomicUsize::new(0),
        }
    }

    fn base(&self) -> usize {
        self.block.get() as usize
    }

    fn owns(&self, ptr: *mut u8) -> bool {
        let at = ptr as usize;
        at >= self.base() && at < self.base() + N
    }

    /// A piece of the block for `layout`, or `None` when the block has no room left.
    fn bump(&self, layout: Layout) -> Option<*mut u8> {
        let base = self.base();
        let mut top = self.top.load(Ordering::Acquire);
        loop {
            let start = (base + top).checked_next_multiple_of(layout.align())? - base;
            let end = start.checked_add(layout.size())?;
            if end > N {
                return None;
            }
            match self
                .top
                .compare_exchange_weak(top, end, Ordering::AcqRel, Ordering::Acquire)
            {
                // SAFETY: `start..end` lies inside the block, and the exchange made it this caller's alone.
                Ok(_) => return Some(unsafe { self.block.get().cast::<u8>().add(start) }),
                Err(now) => top = now,
            }
        }
    }

    /// Moves the end of the latest piece (starting at `ptr`, `old` bytes long) to `new` bytes; false when `ptr` is not
    /// the latest piece or the block has no room.
    fn resize_latest(&self, ptr: *mut u8, old: usize, new: usize) -> bool {
        let start = ptr as usize - self.base();
        let Some(end) = start.checked_add(new).filter(|&end| end <= N) else {
            return false;
        };
        self.top
            .compare_exchange(start + old, end, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// How many bytes of the block are in use (for tests and measurement).
    pub fn used(&self) -> usize {
        self.top.load(Ordering::Acquire)
    }
}

impl<const N: usize> Default for Arena<N> {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every pointer handed out is either a piece of the block of the requested size and alignment, never
// handed out twice while in use, or comes from `System`, to which it is returned.
unsafe impl<const N: usize> GlobalAlloc for Arena<N> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.bump(layout) {
            Some(ptr) => ptr,
            // SAFETY: the caller's layout contract is passed on unchanged.
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.owns(ptr) {
            // The latest piece is taken back (a vector that grows then shrinks, a temporary string); any other
            // stays used until the process ends.
            self.resize_latest(ptr, layout.size(), 0);
        } else {
            // SAFETY: a pointer outside the block came from `System` with this layout.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !self.owns(ptr) {
            // SAFETY: a pointer outside the block came from `System` with this layout.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        if self.resize_latest(ptr, layout.size(), new_size) {
            return ptr;
        }
        // SAFETY: the caller guarantees `new_size`, rounded up to the alignment, does not overflow.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a valid layout, as above.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both pieces are valid for the shorter length and do not overlap (the new one is fresh).
            unsafe {
                ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("layout")
    }

    #[test]
    fn pieces_are_aligned_disjoint_and_the_latest_is_taken_back() {
        let arena: Box<Arena<4096>> = Box::default();
        unsafe {
            let a = arena.alloc(layout(3, 1));
            let b = arena.alloc(layout(8, 8));
            assert!(arena.owns(a) && arena.owns(b));
            assert_eq!(b as usize % 8, 0);
            assert!(b as usize >= a as usize + 3);
            a.write_bytes(1, 3);
            b.write_bytes(2, 8);
            assert_eq!(*a.add(2), 1);
            let used = arena.used();
            arena.dealloc(a, layout(3, 1));
            assert_eq!(arena.used(), used, "an earlier piece stays used");
            arena.dealloc(b, layout(8, 8));
            assert!(arena.used() < used, "the latest piece is taken back");
        }
    }

    #[test]
    fn the_latest_piece_grows_in_place_and_others_move_with_their_bytes() {
        let arena: Box<Arena<4096>> = Box::default();
        unsafe {
            let a = arena.alloc(layout(4, 1));
            a.copy_from_nonoverlapping(b"abcd".as_ptr(), 4);
            let grown = arena.realloc(a, layout(4, 1), 16);
            assert_eq!(grown, a, "the latest piece grows where it is");
            let b = arena.alloc(layout(4, 1));
            let moved = arena.realloc(grown, layout(16, 1), 32);
            assert_ne!(moved, grown);
            assert!(moved as usize > b as usize);
            assert_eq!(std::slice::from_raw_parts(moved, 4), b"abcd");
        }
    }

    #[test]
    fn a_full_block_hands_over_to_the_system_allocator() {
        let arena: Box<Arena<64>> = Box::default();
        unsafe {
            let a = arena.alloc(layout(48, 8));
            assert!(arena.owns(a));
            let b = arena.alloc(layout(32, 8));
            assert!(!b.is_null() && !arena.owns(b), "no room: from the system");
            b.write_bytes(7, 32);
            let c = arena.realloc(a, layout(48, 8), 200);
            assert!(!arena.owns(c), "grown past the block: moved to the system");
            assert_eq!(*c, 0);
            arena.dealloc(b, layout(32, 8));
            arena.dealloc(c, layout(200, 8));
        }
    }
}
