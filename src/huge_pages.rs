//! A global allocator that gives large blocks mappings of their own, backed by transparent
//! huge pages.
//!
//! Memory a process touches for the first time costs more than the work done in it on a
//! virtual machine: about 0.6 ms per MB in 4 KB pages (a page fault and a cleared page each),
//! about 0.1 ms per MB in 2 MB huge pages. Cleaning a 16 MB article touched some 20 MB of
//! fresh 4 KB pages, a tenth of the run: growing lists of findings and segments, and the
//! parts of large blocks outside whole huge pages.
//!
//! So a block of `LARGE` bytes or more gets its own anonymous mapping, aligned to and sized in
//! whole huge pages, with `madvise(MADV_HUGEPAGE)` (transparent huge pages are in `madvise`
//! mode on common distributions). Such a block grows in place up to its mapping's size,
//! which is what a doubling list needs: 256 KB to 2 MB without a copy. Past it, the block
//! moves to a larger mapping (a copy at memory speed, cheaper than the faults it saves).
//! Smaller blocks, and systems other than Linux, use the system allocator.
//!
//! Where huge pages are not available, the kernel backs the mappings with 4 KB pages: the
//! cost is then what it was, and a block holds its mapping's address space, not its memory.

use std::alloc::{GlobalAlloc, Layout, System};

pub struct HugePageAlloc;

/// Blocks at least this large get a mapping of their own.
const LARGE: usize = 256 << 10;
const HUGE_PAGE: usize = 2 << 20;

// SAFETY: small blocks are the system allocator's; a large block is a mapping made by
// `large::map` of `large::mapped(size)` bytes, which only `large::unmap` (with the same size,
// which the layout gives back) releases.
unsafe impl GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if large::applies(layout.size(), layout.align()) {
            large::map(layout.size(), false)
        } else {
            System.alloc(layout)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if large::applies(layout.size(), layout.align()) {
            large::unmap(ptr, layout.size())
        } else {
            System.dealloc(ptr, layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if large::applies(layout.size(), layout.align()) {
            large::map(layout.size(), true)
        } else {
            System.alloc_zeroed(layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        let (was_large, is_large) = (
            large::applies(layout.size(), align),
            large::applies(new_size, align),
        );
        if !was_large && !is_large {
            return System.realloc(ptr, layout, new_size);
        }
        if was_large && is_large {
            let (old_map, new_map) = (large::mapped(layout.size()), large::mapped(new_size));
            if new_map == old_map {
                return ptr;
            }
            if new_map < old_map {
                // Shrinking: the tail's pages go back.
                large::unmap(ptr.add(new_map), old_map - new_map);
                return ptr;
            }
        }
        // Into or out of a mapping of its own, or past the end of one: a new block.
        let new_layout = Layout::from_size_align_unchecked(new_size, align);
        let new = self.alloc(new_layout);
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

#[cfg(target_os = "linux")]
mod large {
    use super::{HUGE_PAGE, LARGE};
    use std::sync::Mutex;

    /// Whether a block of this size and alignment gets a mapping of its own.
    pub fn applies(size: usize, align: usize) -> bool {
        size >= LARGE && align <= HUGE_PAGE
    }

    /// The size of the mapping that holds a block of `size` bytes: whole huge pages.
    pub fn mapped(size: usize) -> usize {
        size.next_multiple_of(HUGE_PAGE)
    }

    /// Mappings freed and kept for the next large blocks: a pass's lists are freed and made
    /// again pass after pass, and a kept mapping's pages are already there, where a new one
    /// costs its pages again. At most `KEPT_BYTES` in all, so a run's peak memory grows by
    /// little.
    static KEPT: Mutex<Kept> = Mutex::new(Kept {
        slots: [(0, 0); KEPT_SLOTS],
    });
    const KEPT_SLOTS: usize = 8;
    const KEPT_BYTES: usize = 32 << 20;

    /// (address, length) of each kept mapping; length 0 marks a free slot.
    struct Kept {
        slots: [(usize, usize); KEPT_SLOTS],
    }

    impl Kept {
        fn bytes(&self) -> usize {
            self.slots.iter().map(|s| s.1).sum()
        }

        /// The smallest kept mapping of at least `len` bytes, taken out.
        fn take(&mut self, len: usize) -> Option<(usize, usize)> {
            let slot = self
                .slots
                .iter_mut()
                .filter(|s| s.1 >= len)
                .min_by_key(|s| s.1)?;
            Some(std::mem::take(slot))
        }

        /// Keeps a mapping if there is room; false when there is none.
        fn keep(&mut self, at: usize, len: usize) -> bool {
            if self.bytes() + len > KEPT_BYTES {
                return false;
            }
            match self.slots.iter_mut().find(|s| s.1 == 0) {
                Some(slot) => {
                    *slot = (at, len);
                    true
                }
                None => false,
            }
        }
    }

    fn kept() -> std::sync::MutexGuard<'static, Kept> {
        // Nothing panics while holding the lock; a poisoned one is still consistent.
        KEPT.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A mapping for a block of `size` bytes, aligned to a huge page: a kept one when one is
    /// large enough (cut to size), else a new one. Null when the system has no room. With
    /// `zeroed`, always a new one (it reads as zeros).
    ///
    /// # Safety
    /// The caller owns the result and releases it with `unmap(ptr, size)`.
    pub unsafe fn map(size: usize, zeroed: bool) -> *mut u8 {
        let len = mapped(size);
        if !zeroed {
            if let Some((at, kept_len)) = kept().take(len) {
                if kept_len > len {
                    libc::munmap((at + len) as *mut libc::c_void, kept_len - len);
                }
                return at as *mut u8;
            }
        }
        // Map one huge page more than needed, then cut the ends so that what is left starts
        // at a huge-page boundary: only aligned 2 MB ranges can be huge pages.
        let Some(reserve) = len.checked_add(HUGE_PAGE) else {
            return std::ptr::null_mut();
        };
        let raw = libc::mmap(
            std::ptr::null_mut(),
            reserve,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        );
        if raw == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        let start = raw as usize;
        let aligned = start.next_multiple_of(HUGE_PAGE);
        if aligned > start {
            libc::munmap(raw, aligned - start);
        }
        let tail = start + reserve - (aligned + len);
        if tail > 0 {
            libc::munmap((aligned + len) as *mut libc::c_void, tail);
        }
        // A failure (huge pages disabled) is harmless: the mapping then has small pages.
        libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        aligned as *mut u8
    }

    /// Releases the mapping `map(size)` gave at `ptr` (or, when shrinking, the part of one
    /// from `ptr` on, of `size` bytes rounded to huge pages): kept for reuse while there is
    /// room, else given back to the system.
    ///
    /// # Safety
    /// `ptr` and `size` are those of a mapping from `map` (or its tail), not used after.
    pub unsafe fn unmap(ptr: *mut u8, size: usize) {
        let len = mapped(size);
        if !kept().keep(ptr as usize, len) {
            libc::munmap(ptr.cast(), len);
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod large {
    pub fn applies(_size: usize, _align: usize) -> bool {
        false
    }
    pub fn mapped(size: usize) -> usize {
        size
    }
    pub unsafe fn map(_size: usize, _zeroed: bool) -> *mut u8 {
        unreachable!("no large blocks off Linux")
    }
    pub unsafe fn unmap(_ptr: *mut u8, _size: usize) {
        unreachable!("no large blocks off Linux")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fills the first `len` bytes of `p` with a pattern of their page numbers.
    unsafe fn fill(p: *mut u8, len: usize) {
        for i in (0..len).step_by(4096) {
            *p.add(i) = (i / 4096) as u8;
        }
    }

    unsafe fn holds_pattern(p: *const u8, len: usize) -> bool {
        (0..len)
            .step_by(4096)
            .all(|i| *p.add(i) == (i / 4096) as u8)
    }

    #[test]
    fn blocks_keep_their_contents_through_every_kind_of_realloc() {
        let a = HugePageAlloc;
        // Small to small, small to large, large in place, large to a larger mapping, large
        // shrinking in its mapping, large shrinking to a smaller one, large to small.
        let sizes = [
            4 << 10,
            64 << 10,
            300 << 10,
            1 << 20,
            5 << 20,
            4 << 20,
            3 << 20,
            100 << 10,
            8,
        ];
        // SAFETY: each block is used within the size it was last given, then freed once.
        unsafe {
            let mut layout = Layout::from_size_align(sizes[0], 8).unwrap();
            let mut p = a.alloc(layout);
            assert!(!p.is_null());
            fill(p, layout.size());
            for &size in &sizes[1..] {
                let q = a.realloc(p, layout, size);
                assert!(!q.is_null());
                let kept = layout.size().min(size);
                assert!(holds_pattern(q, kept), "{} -> {size}", layout.size());
                layout = Layout::from_size_align(size, 8).unwrap();
                fill(q, size);
                p = q;
            }
            a.dealloc(p, layout);
        }
    }

    #[test]
    fn large_blocks_are_zeroed_when_asked_and_aligned_as_asked() {
        let a = HugePageAlloc;
        let layout = Layout::from_size_align(3 << 20, 4096).unwrap();
        // SAFETY: the block is read within its size and freed once.
        unsafe {
            let p = a.alloc_zeroed(layout);
            assert!(!p.is_null());
            assert_eq!(p as usize % 4096, 0);
            assert!((0..layout.size()).step_by(997).all(|i| *p.add(i) == 0));
            a.dealloc(p, layout);
        }
    }
}
