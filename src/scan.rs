//! Byte-level scanning helpers shared by the passes: the cheap prefilters that let a pass skip
//! the (usually large) parts of a text it has nothing to say about, so that its real work is
//! spent only where a defect can be.

/// A `memchr::memmem::Finder` for a fixed needle, built on first use and kept: a
/// `memmem::find` builds its searcher at every call, which on a short article costs more than
/// the search itself, and a pass makes several such calls per run.
#[macro_export]
macro_rules! finder {
    ($needle:expr) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        &*FINDER
    }};
}

/// Offset of the first non-ASCII byte of `bytes`, or `None` when it is all ASCII, 64 bytes at
/// a time, so pure-ASCII text (most English news) costs a fraction of a byte-by-byte loop.
pub fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    // The sign bits of 64 bytes at once (`find_first`): in Latin-script text, where a
    // non-ASCII character comes every few dozen bytes, this stops at the byte itself instead
    // of testing a whole block and then searching it again.
    static NON_ASCII: ByteClass<0> = ByteClass {
        exact: [],
        ranges: [],
        non_ascii: true,
    };
    find_first(bytes, &NON_ASCII)
}

/// Iterates the offsets of the non-ASCII characters of `text`: its bytes from 0xC0 up, which
/// start every such character in UTF-8. Like `byte_offsets`, a 64-byte block at a time into
/// a bit mask, so text with an accented letter in every word (Portuguese, German) costs a
/// few instructions per character, not a search started afresh for each.
pub fn non_ascii_starts(text: &str) -> ByteOffsets<'_> {
    ByteOffsets::new(text.as_bytes(), Wanted::CharStart)
}

/// The lines of `text` (each with its `\n`, if any) that hold a non-ASCII byte, as byte
/// ranges in order: passes that only care about non-ASCII characters jump from one such line
/// to the next over the ASCII ones.
pub fn lines_with_non_ascii(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let hit = at + first_non_ascii(&b[at..])?;
        let start = memchr::memrchr(b'\n', &b[at..hit]).map_or(at, |i| at + i + 1);
        let end = memchr::memchr(b'\n', &b[hit..]).map_or(b.len(), |i| hit + i + 1);
        at = end;
        Some(start..end)
    })
}

/// The offsets of every `byte` in `bytes`, in order. Made for frequent bytes such as `\n`
/// (a line of news is ~40 bytes): one 64-byte block is compared at a time into a bit mask
/// that the iterator then consumes bit by bit, where `memchr_iter` starts a new search for
/// each line.
pub fn byte_offsets(bytes: &[u8], byte: u8) -> ByteOffsets<'_> {
    ByteOffsets::new(bytes, Wanted::Byte(byte))
}

/// The offsets of the bytes a scan wants, block by block (`byte_offsets`,
/// `non_ascii_starts`).
pub struct ByteOffsets<'a> {
    bytes: &'a [u8],
    wanted: Wanted,
    /// Where the block of `mask` starts.
    block: usize,
    /// The offsets (bits) of wanted bytes in the current block not yet returned.
    mask: u64,
    #[cfg(target_arch = "x86_64")]
    isa: simd::Isa,
}

#[derive(Clone, Copy)]
enum Wanted {
    Byte(u8),
    /// A byte from 0xC0 up: the first of a non-ASCII character in UTF-8.
    CharStart,
}

impl ByteOffsets<'_> {
    const BLOCK: usize = 64;

    fn new(bytes: &[u8], wanted: Wanted) -> ByteOffsets<'_> {
        let mut it = ByteOffsets {
            bytes,
            wanted,
            block: 0,
            mask: 0,
            #[cfg(target_arch = "x86_64")]
            isa: simd::best(),
        };
        it.block = it.next_block(0);
        it.mask = it.block_mask(it.block);
        it
    }

    /// Where the next block to look at starts, the one at `at` being next in line. Character
    /// starts skip ahead to the next non-ASCII byte: between them lie long runs of ASCII in
    /// most text, which a search crosses faster than block after block of masks. (A
    /// continuation byte found there, at a block's edge, is simply no start.)
    fn next_block(&self, at: usize) -> usize {
        match self.wanted {
            Wanted::Byte(_) => at,
            Wanted::CharStart => match self.bytes.get(at..) {
                Some(rest) => first_non_ascii(rest).map_or(self.bytes.len(), |i| at + i),
                None => at,
            },
        }
    }

    fn block_mask(&self, at: usize) -> u64 {
        static CHAR_START: ByteClass<0, 1> = ByteClass {
            exact: [],
            ranges: [(0xc0, 0xff)],
            non_ascii: false,
        };
        let bytes = self.bytes;
        #[cfg(target_arch = "x86_64")]
        {
            let mask = |block: &[u8]| match self.wanted {
                Wanted::Byte(byte) => simd::mask64(self.isa, block, byte),
                Wanted::CharStart => simd::class_mask64(self.isa, block, &CHAR_START),
            };
            // The last block is read as the text's last 64 bytes, shifted; a text shorter
            // than a block is copied into one (a line, in the passes that scan line by
            // line): a byte-wise loop cost several times more.
            let len = bytes.len();
            if len >= Self::BLOCK {
                let from = at.min(len - Self::BLOCK);
                return mask(&bytes[from..from + Self::BLOCK]) >> (at - from);
            }
            let rest = &bytes[at.min(len)..];
            let mut block = [0; Self::BLOCK];
            block[..rest.len()].copy_from_slice(rest);
            mask(&block) & ((1 << rest.len()) - 1)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let end = bytes.len().min(at + Self::BLOCK);
            let is_wanted = |b: u8| match self.wanted {
                Wanted::Byte(byte) => b == byte,
                Wanted::CharStart => b >= 0xc0,
            };
            bytes[at.min(end)..end]
                .iter()
                .enumerate()
                .fold(0, |m, (i, &b)| m | (u64::from(is_wanted(b)) << i))
        }
    }
}

impl Iterator for ByteOffsets<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.block = self.next_block(self.block + Self::BLOCK);
            if self.block >= self.bytes.len() {
                return None;
            }
            self.mask = self.block_mask(self.block);
        }
        let bit = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.block + bit)
    }
}

/// A class of bytes a scan looks for: `E` exact bytes, `R` ranges, optionally every non-ASCII
/// byte. Small enough to test a vector of bytes with a few compares; the sizes are part of
/// the type so that a scan's loop over them is unrolled and their vectors are built once per
/// scan, not once per block.
pub struct ByteClass<const E: usize, const R: usize = 0> {
    pub exact: [u8; E],
    /// Inclusive ranges.
    pub ranges: [(u8, u8); R],
    pub non_ascii: bool,
}

impl<const E: usize> ByteClass<E, 0> {
    pub const fn of(exact: &[u8; E]) -> ByteClass<E, 0> {
        ByteClass {
            exact: *exact,
            ranges: [],
            non_ascii: false,
        }
    }
}

impl<const E: usize, const R: usize> ByteClass<E, R> {
    pub fn contains(&self, b: u8) -> bool {
        self.exact.contains(&b)
            || self.ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&b))
            || (self.non_ascii && b >= 0x80)
    }
}

/// Calls `found(i)` for every offset `i >= 1` where `bytes[i - 1]` is in `first` and `bytes[i]`
/// in `second`, in order: for two-byte shapes (`space then comma`, `space then capital`) where
/// each byte alone is common but the pair is rare. On x86-64 64 pairs are tested at once
/// with AVX2 or SSE2 (`simd` below), so the scan runs near memory speed whatever the density
/// of either byte; elsewhere a plain loop does the same.
#[inline(always)]
pub fn for_each_pair<const E1: usize, const R1: usize, const E2: usize, const R2: usize>(
    bytes: &[u8],
    first: &ByteClass<E1, R1>,
    second: &ByteClass<E2, R2>,
    mut found: impl FnMut(usize),
) {
    #[cfg(target_arch = "x86_64")]
    let start = simd::for_each_pair(simd::best(), bytes, first, second, &mut |i| {
        found(i);
        true
    });
    #[cfg(not(target_arch = "x86_64"))]
    let start = 1;
    for i in start..bytes.len() {
        if first.contains(bytes[i - 1]) && second.contains(bytes[i]) {
            found(i);
        }
    }
}

/// Calls `found(i)` for every offset `i >= 2` where `bytes[i - 2]`, `bytes[i - 1]` and
/// `bytes[i]` are in `c0`, `c1` and `c2`: `for_each_pair` with one more byte of context, for
/// shapes whose pair alone is still common (`a space then a capital` after a lower-case
/// letter).
#[inline(always)]
pub fn for_each_triple<
    const E0: usize,
    const R0: usize,
    const E1: usize,
    const R1: usize,
    const E2: usize,
    const R2: usize,
>(
    bytes: &[u8],
    c0: &ByteClass<E0, R0>,
    c1: &ByteClass<E1, R1>,
    c2: &ByteClass<E2, R2>,
    mut found: impl FnMut(usize),
) {
    #[cfg(target_arch = "x86_64")]
    let start = {
        let mut each = |i| {
            found(i);
            true
        };
        simd::for_each_triple(simd::best(), bytes, c0, c1, c2, &mut each, true)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let start = 2;
    for i in start..bytes.len() {
        if c0.contains(bytes[i - 2]) && c1.contains(bytes[i - 1]) && c2.contains(bytes[i]) {
            found(i);
        }
    }
}

/// Calls `found(i)` for every offset `i` that ends a pair of `first` then `second` bytes
/// (as `for_each_pair`) or a triple of `c0`, `c1`, `c2` bytes (as `for_each_triple`), in
/// order, each offset once: one scan for a pass that looks for either shape, where two
/// would read the whole text twice.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn for_each_pair_or_triple<
    const PE1: usize,
    const PR1: usize,
    const PE2: usize,
    const PR2: usize,
    const TE0: usize,
    const TR0: usize,
    const TE1: usize,
    const TR1: usize,
    const TE2: usize,
    const TR2: usize,
>(
    bytes: &[u8],
    first: &ByteClass<PE1, PR1>,
    second: &ByteClass<PE2, PR2>,
    c0: &ByteClass<TE0, TR0>,
    c1: &ByteClass<TE1, TR1>,
    c2: &ByteClass<TE2, TR2>,
    mut found: impl FnMut(usize),
) {
    let ends_one = |i: usize| {
        (i >= 1 && first.contains(bytes[i - 1]) && second.contains(bytes[i]))
            || (i >= 2
                && c0.contains(bytes[i - 2])
                && c1.contains(bytes[i - 1])
                && c2.contains(bytes[i]))
    };
    // The vector steps start at offset 2, where a triple can end; a pair can end at 1.
    if bytes.len() >= 2 && ends_one(1) {
        found(1);
    }
    #[cfg(target_arch = "x86_64")]
    let start =
        simd::for_each_pair_or_triple(simd::best(), bytes, first, second, c0, c1, c2, &mut |i| {
            found(i);
            true
        });
    #[cfg(not(target_arch = "x86_64"))]
    let start = 2;
    for i in start..bytes.len() {
        if ends_one(i) {
            found(i);
        }
    }
}

/// The first offset `i >= 2` that `for_each_triple` would report, if any.
#[inline(always)]
pub fn find_triple<
    const E0: usize,
    const R0: usize,
    const E1: usize,
    const R1: usize,
    const E2: usize,
    const R2: usize,
>(
    bytes: &[u8],
    c0: &ByteClass<E0, R0>,
    c1: &ByteClass<E1, R1>,
    c2: &ByteClass<E2, R2>,
) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    let (found, start) = {
        let mut found = None;
        let mut first = |i| {
            found = Some(i);
            false
        };
        let start = simd::for_each_triple(simd::best(), bytes, c0, c1, c2, &mut first, false);
        (found, start)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (found, start) = (None::<usize>, 2);
    found.or_else(|| {
        (start..bytes.len()).find(|&i| {
            c0.contains(bytes[i - 2]) && c1.contains(bytes[i - 1]) && c2.contains(bytes[i])
        })
    })
}

/// Calls `found(i)` for every offset `i` where `bytes[i]` is in `class`, in order, 64 bytes at
/// a time on x86-64 like `for_each_pair`.
#[inline(always)]
pub fn for_each_byte<const E: usize, const R: usize>(
    bytes: &[u8],
    class: &ByteClass<E, R>,
    mut found: impl FnMut(usize),
) {
    #[cfg(target_arch = "x86_64")]
    let start = {
        let mut each = |i| {
            found(i);
            true
        };
        simd::for_each_byte(simd::best(), bytes, class, &mut each, true)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if class.contains(b) {
            found(i);
        }
    }
}

/// The offset of the first byte of `bytes` in `class`, 64 bytes at a time on x86-64.
#[inline(always)]
pub fn find_first<const E: usize, const R: usize>(
    bytes: &[u8],
    class: &ByteClass<E, R>,
) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    let (found, start) = {
        let mut found = None;
        let mut first = |i| {
            found = Some(i);
            false
        };
        let start = simd::for_each_byte(simd::best(), bytes, class, &mut first, false);
        (found, start)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (found, start) = (None::<usize>, 0);
    found.or_else(|| {
        bytes[start..]
            .iter()
            .position(|&b| class.contains(b))
            .map(|i| start + i)
    })
}

#[cfg(target_arch = "x86_64")]
mod simd {
    //! The vector scans: 64 bytes a step, as four SSE2 vectors (part of every x86-64) or,
    //! where the processor has it, two AVX2 ones, chosen once per call. A step costs one
    //! branch for 64 bytes; the hits of a step are then taken bit by bit.
    use super::ByteClass;
    use std::arch::x86_64::{
        __m128i, __m256i, _mm256_adds_epu8, _mm256_and_si256, _mm256_broadcastsi128_si256,
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8,
        _mm256_srli_epi16, _mm256_sub_epi8, _mm_adds_epu8, _mm_and_si128, _mm_cmpeq_epi8,
        _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128, _mm_srli_epi16, _mm_sub_epi8,
    };
    use std::marker::PhantomData;

    /// Which vectors a scan uses.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(super) enum Isa {
        Sse2,
        Avx2,
    }

    /// The widest vectors this processor has (the check is a cached load after the first).
    #[inline]
    pub(super) fn best() -> Isa {
        #[cfg(test)]
        if let Some(isa) = FORCED.get() {
            return isa;
        }
        if is_x86_feature_detected!("avx2") {
            Isa::Avx2
        } else {
            Isa::Sse2
        }
    }

    #[cfg(test)]
    thread_local! {
        /// The vectors the scans on this thread use, when a test chose them.
        static FORCED: std::cell::Cell<Option<Isa>> = const { std::cell::Cell::new(None) };
    }

    /// Runs `check` once with each kind of vector this processor has, so that the tests
    /// compare every one with the plain loop.
    #[cfg(test)]
    pub(super) fn with_each_isa(check: impl Fn()) {
        let mut all = vec![Isa::Sse2];
        if is_x86_feature_detected!("avx2") {
            all.push(Isa::Avx2);
        }
        for isa in all {
            FORCED.set(Some(isa));
            check();
        }
        FORCED.set(None);
    }

    /// What a scan needs of a vector of bytes. Every method is `inline(always)`, so that in
    /// a function compiled for AVX2 the AVX2 instructions are inlined too.
    trait Lanes: Copy + Lookup {
        const WIDTH: usize;
        /// # Safety
        /// `p..p + WIDTH` is readable, and the processor has the vector's instructions.
        unsafe fn load(p: *const u8) -> Self;
        unsafe fn splat(b: u8) -> Self;
        unsafe fn zero() -> Self;
        unsafe fn eq(self, other: Self) -> Self;
        unsafe fn or(self, other: Self) -> Self;
        unsafe fn sub(self, other: Self) -> Self;
        unsafe fn min(self, other: Self) -> Self;
        unsafe fn and(self, other: Self) -> Self;
        /// Unsigned addition that stops at 255.
        unsafe fn adds(self, other: Self) -> Self;
        /// Each byte shifted right by four bits (its high nibble, once masked).
        unsafe fn shr4(self) -> Self;
        /// The top bit of each byte, bit k for byte k.
        unsafe fn top_bits(self) -> u64;
    }

    /// A vector type for the scans: its register type, width and the intrinsics of each
    /// operation (the two kinds differ only in these names).
    macro_rules! lanes {
        (
            $name:ident($reg:ty), $width:expr,
            $load:ident, $splat:ident, $zero:ident, $movemask:ident, $shr16:ident,
            $($op:ident = $intrinsic:ident),*
        ) => {
            #[derive(Clone, Copy)]
            struct $name($reg);

            // SAFETY (every intrinsic): the caller of each method promises the instructions
            // exist (SSE2 is part of x86-64; AVX2 is checked by `best`) and that loads are
            // in bounds.
            impl Lanes for $name {
                const WIDTH: usize = $width;
                #[inline(always)]
                unsafe fn load(p: *const u8) -> Self {
                    $name($load(p.cast()))
                }
                #[inline(always)]
                unsafe fn splat(b: u8) -> Self {
                    $name($splat(b as i8))
                }
                #[inline(always)]
                unsafe fn zero() -> Self {
                    $name($zero())
                }
                $(
                    #[inline(always)]
                    unsafe fn $op(self, other: Self) -> Self {
                        $name($intrinsic(self.0, other.0))
                    }
                )*
                #[inline(always)]
                unsafe fn shr4(self) -> Self {
                    $name($shr16::<4>(self.0))
                }
                #[inline(always)]
                unsafe fn top_bits(self) -> u64 {
                    $movemask(self.0) as u32 as u64
                }
            }
        };
    }

    /// The byte lookup, which only some vectors have.
    trait Lookup: Sized {
        /// Whether `lookup` is there: AVX2 has a byte shuffle; SSE2 does not (SSSE3 does).
        const LOOKS_UP: bool;
        /// The 16 bytes repeated across the vector.
        unsafe fn table(bytes: &[u8; 16]) -> Self;
        /// Each byte of `index` (0 to 15) looked up in `self`, a `table`.
        unsafe fn lookup(self, index: Self) -> Self;
    }

    impl Lookup for Sse2 {
        const LOOKS_UP: bool = false;
        unsafe fn table(_: &[u8; 16]) -> Self {
            unreachable!("SSE2 has no byte shuffle: Splats never builds tables for it")
        }
        unsafe fn lookup(self, _: Self) -> Self {
            unreachable!("SSE2 has no byte shuffle: Splats never builds tables for it")
        }
    }

    impl Lookup for Avx2 {
        const LOOKS_UP: bool = true;
        #[inline(always)]
        unsafe fn table(bytes: &[u8; 16]) -> Self {
            Avx2(_mm256_broadcastsi128_si256(_mm_loadu_si128(
                bytes.as_ptr().cast(),
            )))
        }
        #[inline(always)]
        unsafe fn lookup(self, index: Self) -> Self {
            // Within each 128-bit half, which is why `table` repeats the 16 bytes.
            Avx2(_mm256_shuffle_epi8(self.0, index.0))
        }
    }

    lanes!(
        Sse2(__m128i),
        16,
        _mm_loadu_si128,
        _mm_set1_epi8,
        _mm_setzero_si128,
        _mm_movemask_epi8,
        _mm_srli_epi16,
        eq = _mm_cmpeq_epi8,
        or = _mm_or_si128,
        sub = _mm_sub_epi8,
        min = _mm_min_epu8,
        and = _mm_and_si128,
        adds = _mm_adds_epu8
    );
    lanes!(
        Avx2(__m256i),
        32,
        _mm256_loadu_si256,
        _mm256_set1_epi8,
        _mm256_setzero_si256,
        _mm256_movemask_epi8,
        _mm256_srli_epi16,
        eq = _mm256_cmpeq_epi8,
        or = _mm256_or_si256,
        sub = _mm256_sub_epi8,
        min = _mm256_min_epu8,
        and = _mm256_and_si256,
        adds = _mm256_adds_epu8
    );

    /// A class's bytes broadcast to vectors, built once per scan.
    #[derive(Clone, Copy)]
    struct Splats<V, const E: usize, const R: usize> {
        exact: [V; E],
        /// (low end, width) of each range.
        ranges: [(V, V); R],
        non_ascii: bool,
        /// The class as nibble tables, when `for_scan` built them (see `ready`).
        nibbles: Option<Nibbles<V>>,
    }

    /// The shortest scan that builds lookup tables (see `Splats::for_scan`).
    pub(super) const LOOKUP_MIN_LEN: usize = 4096;

    /// A class as two lookups: byte `b` is in it when `low[b & 15] & high[b >> 4]` is not 0.
    #[derive(Clone, Copy)]
    struct Nibbles<V> {
        low: V,
        high: V,
        low_nibble: V,
        /// 0x7F in every byte: added (stopping at 255) to a lookup's result, it sets the top
        /// bit of exactly the bytes that are not 0, so the bits come out of one `top_bits`
        /// (a compare and a negation instead made the compiler take the mask apart bit by
        /// bit, ten times slower).
        to_top_bit: V,
    }

    impl<V: Lanes, const E: usize, const R: usize> Splats<V, E, R> {
        #[inline(always)]
        unsafe fn new(class: &ByteClass<E, R>) -> Self {
            Splats {
                exact: class.exact.map(|b| V::splat(b)),
                ranges: class
                    .ranges
                    .map(|(lo, hi)| (V::splat(lo), V::splat(hi - lo))),
                non_ascii: class.non_ascii,
                nibbles: None,
            }
        }

        /// `new`, for a scan of `len` bytes: a class that takes more than about eight vector
        /// operations to test byte by byte (each exact byte costs two, each range four) is
        /// tested with two table lookups instead (seven operations, whatever the class),
        /// where the vectors have them. Building the tables costs a few hundred
        /// instructions, which a short scan (a line) would not win back.
        #[inline(always)]
        unsafe fn for_scan(class: &ByteClass<E, R>, len: usize) -> Self {
            let mut splats = Self::new(class);
            if Self::LOOKS_UP && len >= LOOKUP_MIN_LEN {
                splats.nibbles = nibble_tables(class).map(|(low, high)| Nibbles {
                    low: V::table(&low),
                    high: V::table(&high),
                    low_nibble: V::splat(0x0f),
                    to_top_bit: V::splat(0x7f),
                });
            }
            splats
        }

        /// Whether `for_scan` tests the class with lookups (when it can).
        const LOOKS_UP: bool = V::LOOKS_UP && 2 * E + 4 * R > 9;

        /// Whether a scan can call `bits64::<true>`: the class has its tables if it needs
        /// them. A scan picks its loop by this once, before its steps: a choice made for
        /// every vector, even one the processor always predicts, made the compiler take
        /// the hit masks apart bit by bit, ten times slower.
        #[inline(always)]
        fn ready(&self) -> bool {
            !Self::LOOKS_UP || self.nibbles.is_some()
        }

        /// One bit per byte of `v` (bit k for byte k) that is in the class: looked up when
        /// `LOOK` (and the class looks up), else compared.
        #[inline(always)]
        unsafe fn bits<const LOOK: bool>(&self, v: V) -> u64 {
            if LOOK && Self::LOOKS_UP {
                // `ready`: the caller checked that the tables are there.
                let n = self.nibbles.as_ref().unwrap_unchecked();
                let low = n.low.lookup(v.and(n.low_nibble));
                let high = n.high.lookup(v.shr4().and(n.low_nibble));
                return low.and(high).adds(n.to_top_bit).top_bits();
            }
            self.compared(v)
        }

        /// `bits`, a compare for each exact byte and two for each range.
        #[inline(always)]
        unsafe fn compared(&self, v: V) -> u64 {
            let mut m = V::zero();
            for b in self.exact {
                m = m.or(v.eq(b));
            }
            for (lo, width) in self.ranges {
                // v - lo, taken unsigned, is at most hi - lo exactly for bytes in lo..=hi.
                let shifted = v.sub(lo);
                m = m.or(shifted.min(width).eq(shifted));
            }
            let mut bits = m.top_bits();
            if self.non_ascii {
                bits |= v.top_bits();
            }
            bits
        }

        /// One bit per byte of the 64 bytes from `p` that is in the class.
        /// # Safety
        /// `p..p + 64` is readable; the processor has `V`'s instructions.
        #[inline(always)]
        unsafe fn bits64<const LOOK: bool>(&self, p: *const u8) -> u64 {
            let mut mask = 0;
            let mut k = 0;
            while k < 64 {
                mask |= self.bits::<LOOK>(V::load(p.add(k))) << k;
                k += V::WIDTH;
            }
            mask
        }
    }

    /// The class as (low, high) nibble tables for `Nibbles`: the high nibbles whose bytes in
    /// the class have the same low nibbles share a bit, and the low table has that bit for
    /// those low nibbles. None when the class needs more than eight such sets. A few hundred
    /// instructions: ranges are taken a high nibble at a time, not byte by byte.
    fn nibble_tables<const E: usize, const R: usize>(
        class: &ByteClass<E, R>,
    ) -> Option<([u8; 16], [u8; 16])> {
        // The low nibbles in the class, by high nibble.
        let mut lows = [0u16; 16];
        for &b in &class.exact {
            lows[usize::from(b >> 4)] |= 1 << (b & 15);
        }
        for &(lo, hi) in &class.ranges {
            for h in lo >> 4..=hi >> 4 {
                let (from, to) = (lo.max(h << 4) & 15, hi.min(h << 4 | 15) & 15);
                // Bits `from` to `to` (at most all sixteen).
                lows[usize::from(h)] |= (((1u32 << (to - from + 1)) - 1) as u16) << from;
            }
        }
        if class.non_ascii {
            lows[8..].fill(u16::MAX);
        }
        let (mut sets, mut count) = ([0u16; 8], 0);
        let mut high = [0u8; 16];
        for (h, &set) in lows.iter().enumerate().filter(|(_, set)| **set != 0) {
            let k = match sets[..count].iter().position(|&s| s == set) {
                Some(k) => k,
                None if count == 8 => return None,
                None => {
                    sets[count] = set;
                    count += 1;
                    count - 1
                }
            };
            high[h] = 1 << k;
        }
        let mut low = [0u8; 16];
        for (k, &set) in sets[..count].iter().enumerate() {
            let mut bits = set;
            while bits != 0 {
                low[bits.trailing_zeros() as usize] |= 1 << k;
                bits &= bits - 1;
            }
        }
        Some((low, high))
    }

    /// Generates, for one scan, its body generic over the vectors, an entry compiled for
    /// AVX2, and the function the module exports, which picks one by `Isa`.
    macro_rules! dispatch {
        (
            $(#[$doc:meta])*
            fn $name:ident[$($gen:tt)*]($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
        ) => {
            $(#[$doc])*
            // The pair-or-triple scan takes five classes besides the text and the callback.
            #[allow(clippy::too_many_arguments)]
            #[inline(always)]
            pub(super) fn $name<$($gen)*>(isa: Isa, $($arg: $ty),*) -> $ret {
                #[inline(always)]
                #[allow(clippy::too_many_arguments)]
                unsafe fn generic<V: Lanes, $($gen)*>(_: PhantomData<V>, $($arg: $ty),*) -> $ret
                $body
                #[target_feature(enable = "avx2")]
                unsafe fn avx2<$($gen)*>($($arg: $ty),*) -> $ret {
                    generic(PhantomData::<Avx2>, $($arg),*)
                }
                #[inline(never)]
                #[allow(clippy::too_many_arguments)]
                unsafe fn sse2<$($gen)*>($($arg: $ty),*) -> $ret {
                    generic(PhantomData::<Sse2>, $($arg),*)
                }
                // SAFETY: AVX2 is used only when `isa` says the processor has it (`best`);
                // SSE2 is part of x86-64. The bodies load only inside `bytes`.
                unsafe {
                    match isa {
                        Isa::Avx2 => avx2($($arg),*),
                        Isa::Sse2 => sse2($($arg),*),
                    }
                }
            }
        };
    }

    /// What a scan looks for in a 64-byte step: a bit for each byte of the step at `p` that
    /// ends a match. A trait with `inline(always)` methods rather than a closure: a closure
    /// the compiler chooses not to inline is compiled without AVX2, and every intrinsic in
    /// it becomes a call (a tenfold slowdown, seen when a closure got a second call site).
    trait Hits {
        /// # Safety
        /// `p - 2 .. p + 64` is readable; the processor has the vectors' instructions.
        unsafe fn at(&self, p: *const u8) -> u64;
    }

    /// A byte of one class.
    struct Byte<V, const E: usize, const R: usize, const LOOK: bool>(Splats<V, E, R>);

    impl<V: Lanes, const E: usize, const R: usize, const LOOK: bool> Hits for Byte<V, E, R, LOOK> {
        #[inline(always)]
        unsafe fn at(&self, p: *const u8) -> u64 {
            self.0.bits64::<LOOK>(p)
        }
    }

    /// A byte of the second class after one of the first.
    struct Pair<V, const E1: usize, const R1: usize, const E2: usize, const R2: usize, const LOOK: bool>(
        Splats<V, E1, R1>,
        Splats<V, E2, R2>,
    );

    impl<
            V: Lanes,
            const E1: usize,
            const R1: usize,
            const E2: usize,
            const R2: usize,
            const LOOK: bool,
        > Hits for Pair<V, E1, R1, E2, R2, LOOK>
    {
        #[inline(always)]
        unsafe fn at(&self, p: *const u8) -> u64 {
            // Both classes every step, without a branch between them: when either byte is
            // common (a comma, a space) a branch on the first would be a coin toss.
            self.1.bits64::<LOOK>(p) & self.0.bits64::<LOOK>(p.sub(1))
        }
    }

    /// Bytes of three classes in a row.
    struct Triple<
        V,
        const E0: usize,
        const R0: usize,
        const E1: usize,
        const R1: usize,
        const E2: usize,
        const R2: usize,
        const LOOK: bool,
    >(Splats<V, E0, R0>, Splats<V, E1, R1>, Splats<V, E2, R2>);

    impl<
            V: Lanes,
            const E0: usize,
            const R0: usize,
            const E1: usize,
            const R1: usize,
            const E2: usize,
            const R2: usize,
            const LOOK: bool,
        > Hits for Triple<V, E0, R0, E1, R1, E2, R2, LOOK>
    {
        #[inline(always)]
        unsafe fn at(&self, p: *const u8) -> u64 {
            self.2.bits64::<LOOK>(p)
                & self.1.bits64::<LOOK>(p.sub(1))
                & self.0.bits64::<LOOK>(p.sub(2))
        }
    }

    /// A step's hits of either of two scans.
    struct Either<A, B>(A, B);

    impl<A: Hits, B: Hits> Hits for Either<A, B> {
        #[inline(always)]
        unsafe fn at(&self, p: *const u8) -> u64 {
            self.0.at(p) | self.1.at(p)
        }
    }

    /// The 64-byte steps of `bytes` from `start`: `hits` gives a bit for each byte of a step
    /// that the scan is after, and `found` is called with each, in order, until it returns
    /// false. With `tail`, the bytes after the last whole step are one more step. Returns
    /// where the steps stopped: at the end, after the last whole step (without `tail`), or
    /// at the start of the step where `found` said stop (the caller scans the rest).
    /// # Safety
    /// `start` leaves the two bytes before the first step that pairs and triples read.
    #[inline(always)]
    unsafe fn steps(
        bytes: &[u8],
        start: usize,
        hits: &impl Hits,
        found: &mut impl FnMut(usize) -> bool,
        tail: bool,
    ) -> usize {
        let mut at = start;
        while at + 64 <= bytes.len() {
            let mut h = hits.at(bytes.as_ptr().add(at));
            while h != 0 {
                if !found(at + h.trailing_zeros() as usize) {
                    return at;
                }
                h &= h - 1;
            }
            at += 64;
        }
        // The tail, shorter than a step, is copied with the two bytes before it into a block
        // of zeros and tested as one more step, its bits past the end dropped. Tested byte by
        // byte, it cost more than the steps on a short article, and on the short windows a
        // pass run again looks at (each a tail). A search for the first hit leaves it to
        // the caller's loop, which stops there: it is asked over and over from one hit to
        // the next in accented text, where the hit is a few bytes on.
        if tail && at < bytes.len() {
            let mut block = [0u8; 2 + 64];
            let before = at.min(2);
            let n = bytes.len() - at;
            block[2 - before..2 + n].copy_from_slice(&bytes[at - before..]);
            let mut h = hits.at(block.as_ptr().add(2)) & ((1u64 << n) - 1);
            while h != 0 {
                if !found(at + h.trailing_zeros() as usize) {
                    return at;
                }
                h &= h - 1;
            }
            at = bytes.len();
        }
        at
    }

    dispatch! {
        /// One bit per byte of `block` (64 bytes) in `class`.
        fn class_mask64[const E: usize, const R: usize](
            block: &[u8],
            class: &ByteClass<E, R>
        ) -> u64 {
            assert!(block.len() >= 64);
            let class = Splats::<V, E, R>::new(class);
            class.bits64::<false>(block.as_ptr())
        }
    }

    dispatch! {
        /// One bit per byte of `block` (64 bytes) equal to `byte`.
        fn mask64[](block: &[u8], byte: u8) -> u64 {
            assert!(block.len() >= 64);
            let class = Splats::<V, 1, 0>::new(&ByteClass::of(&[byte]));
            class.bits64::<false>(block.as_ptr())
        }
    }

    dispatch! {
        /// The bytes of `class` in whole 64-byte steps from offset 0, until `found` returns
        /// false; returns where the steps stopped (see `steps`).
        fn for_each_byte[const E: usize, const R: usize, F: FnMut(usize) -> bool](
            bytes: &[u8],
            class: &ByteClass<E, R>,
            found: &mut F,
            tail: bool
        ) -> usize {
            let class = Splats::<V, E, R>::for_scan(class, bytes.len());
            if class.ready() {
                steps(bytes, 0, &Byte::<V, E, R, true>(class), found, tail)
            } else {
                steps(bytes, 0, &Byte::<V, E, R, false>(class), found, tail)
            }
        }
    }

    dispatch! {
        /// The pairs whose second byte lies in whole 64-byte steps from offset 1, until
        /// `found` returns false; returns where the steps stopped (see `steps`).
        fn for_each_pair[
            const E1: usize,
            const R1: usize,
            const E2: usize,
            const R2: usize,
            F: FnMut(usize) -> bool
        ](
            bytes: &[u8],
            first: &ByteClass<E1, R1>,
            second: &ByteClass<E2, R2>,
            found: &mut F
        ) -> usize {
            let (a, b) = (
                Splats::<V, E1, R1>::for_scan(first, bytes.len()),
                Splats::<V, E2, R2>::for_scan(second, bytes.len()),
            );
            if a.ready() && b.ready() {
                steps(bytes, 1, &Pair::<V, E1, R1, E2, R2, true>(a, b), found, true)
            } else {
                steps(bytes, 1, &Pair::<V, E1, R1, E2, R2, false>(a, b), found, true)
            }
        }
    }

    dispatch! {
        /// The triples whose last byte lies in whole 64-byte steps from offset 2, until
        /// `found` returns false; returns where the steps stopped (see `steps`).
        fn for_each_triple[
            const E0: usize,
            const R0: usize,
            const E1: usize,
            const R1: usize,
            const E2: usize,
            const R2: usize,
            F: FnMut(usize) -> bool
        ](
            bytes: &[u8],
            c0: &ByteClass<E0, R0>,
            c1: &ByteClass<E1, R1>,
            c2: &ByteClass<E2, R2>,
            found: &mut F,
            tail: bool
        ) -> usize {
            let (a, b, c) = (
                Splats::<V, E0, R0>::for_scan(c0, bytes.len()),
                Splats::<V, E1, R1>::for_scan(c1, bytes.len()),
                Splats::<V, E2, R2>::for_scan(c2, bytes.len()),
            );
            if a.ready() && b.ready() && c.ready() {
                let triple = Triple::<V, E0, R0, E1, R1, E2, R2, true>(a, b, c);
                steps(bytes, 2, &triple, found, tail)
            } else {
                let triple = Triple::<V, E0, R0, E1, R1, E2, R2, false>(a, b, c);
                steps(bytes, 2, &triple, found, tail)
            }
        }
    }

    dispatch! {
        /// The ends of pairs or triples in whole 64-byte steps from offset 2, until `found`
        /// returns false; returns where the steps stopped (see `steps`).
        fn for_each_pair_or_triple[
            const PE1: usize,
            const PR1: usize,
            const PE2: usize,
            const PR2: usize,
            const TE0: usize,
            const TR0: usize,
            const TE1: usize,
            const TR1: usize,
            const TE2: usize,
            const TR2: usize,
            F: FnMut(usize) -> bool
        ](
            bytes: &[u8],
            first: &ByteClass<PE1, PR1>,
            second: &ByteClass<PE2, PR2>,
            c0: &ByteClass<TE0, TR0>,
            c1: &ByteClass<TE1, TR1>,
            c2: &ByteClass<TE2, TR2>,
            found: &mut F
        ) -> usize {
            let (p1, p2) = (
                Splats::<V, PE1, PR1>::for_scan(first, bytes.len()),
                Splats::<V, PE2, PR2>::for_scan(second, bytes.len()),
            );
            let (t0, t1, t2) = (
                Splats::<V, TE0, TR0>::for_scan(c0, bytes.len()),
                Splats::<V, TE1, TR1>::for_scan(c1, bytes.len()),
                Splats::<V, TE2, TR2>::for_scan(c2, bytes.len()),
            );
            if p1.ready() && p2.ready() && t0.ready() && t1.ready() && t2.ready() {
                let either = Either(
                    Pair::<V, PE1, PR1, PE2, PR2, true>(p1, p2),
                    Triple::<V, TE0, TR0, TE1, TR1, TE2, TR2, true>(t0, t1, t2),
                );
                steps(bytes, 2, &either, found, true)
            } else {
                let either = Either(
                    Pair::<V, PE1, PR1, PE2, PR2, false>(p1, p2),
                    Triple::<V, TE0, TR0, TE1, TR1, TE2, TR2, false>(t0, t1, t2),
                );
                steps(bytes, 2, &either, found, true)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `check` with each kind of vector the processor has (and the plain loop elsewhere).
    fn each_isa(check: impl Fn()) {
        #[cfg(target_arch = "x86_64")]
        simd::with_each_isa(check);
        #[cfg(not(target_arch = "x86_64"))]
        check();
    }

    /// Texts drawn from `alphabet` at every length up to 40 and at lengths around whole
    /// 64-byte steps, each with the length it has.
    fn sample_texts(alphabet: &[u8]) -> impl Iterator<Item = (usize, Vec<u8>)> + '_ {
        (0..40)
            .chain([63, 64, 65, 66, 127, 128, 129, 200, 257])
            .map(|len| {
                let text = (0..len).map(|i| alphabet[i * 7 % alphabet.len()]).collect();
                (len, text)
            })
    }

    /// Where triples of bytes of `classes`, in that order, end: the plain loop the scans are
    /// held to.
    fn plain_triples(text: &[u8], classes: [&dyn Contains; 3]) -> Vec<usize> {
        (2..text.len())
            .filter(|&i| (0..3).all(|k| classes[k].has(text[i + k - 2])))
            .collect()
    }

    /// A byte class of any size, for `plain_triples`.
    trait Contains {
        fn has(&self, b: u8) -> bool;
    }

    impl<const E: usize, const R: usize> Contains for ByteClass<E, R> {
        fn has(&self, b: u8) -> bool {
            self.contains(b)
        }
    }

    /// Every byte value at pseudo-random places in a text long enough for the scans to test
    /// large classes with table lookups: past `LOOKUP_MIN_LEN` by more than a step and a tail.
    fn long_mixed_text(seed: u64) -> Vec<u8> {
        const LEN: usize = 5_000;
        #[cfg(target_arch = "x86_64")]
        const _: () = assert!(LEN > simd::LOOKUP_MIN_LEN + 64);
        let mut x = seed | 1;
        (0..LEN)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly a few letters and spaces, so that pairs and triples occur too.
                if x % 3 == 0 {
                    (x >> 8) as u8
                } else {
                    b"a b."[i % 4]
                }
            })
            .collect()
    }

    #[test]
    fn large_classes_find_what_a_plain_test_finds() {
        let controls = ByteClass {
            exact: [0x0b, 0x0c, 0x7f, 0xc2],
            ranges: [(0x00, 0x08), (0x0e, 0x1f)],
            non_ascii: false,
        };
        let blank = ByteClass::of(b" \t\r\n\xa0\xbf\xc2");
        let with_non_ascii = ByteClass {
            exact: *b"(/:[",
            ranges: [(b'A', b'Z')],
            non_ascii: true,
        };
        // Ranges over many high nibbles, cut inside some.
        let not_space = ByteClass {
            exact: [],
            ranges: [(0, b'\n' - 1), (b'\n' + 1, b' ' - 1), (b' ' + 1, 0xff)],
            non_ascii: false,
        };
        // Nine bytes whose high nibbles all differ, each with its own low nibble: more sets
        // than a table has bits, so this one is compared byte by byte.
        let untabled = ByteClass::of(b"\x01\x12\x23\x34\x45\x56\x67\x78\x89");
        each_isa(|| {
            // How many triples the texts hold: the check below is empty without any.
            let mut triples = 0;
            for seed in 1..6u64 {
                let text = long_mixed_text(seed);
                let plain = |c: &dyn Fn(u8) -> bool| -> Vec<usize> {
                    (0..text.len()).filter(|&i| c(text[i])).collect()
                };
                let hits = |scan: &mut dyn FnMut(&mut Vec<usize>)| {
                    let mut got = Vec::new();
                    scan(&mut got);
                    got
                };
                let got = hits(&mut |got| for_each_byte(&text, &controls, |i| got.push(i)));
                assert_eq!(got, plain(&|b| controls.contains(b)), "controls");
                let got = hits(&mut |got| for_each_byte(&text, &blank, |i| got.push(i)));
                assert_eq!(got, plain(&|b| blank.contains(b)), "blank");
                let got = hits(&mut |got| for_each_byte(&text, &with_non_ascii, |i| got.push(i)));
                assert_eq!(got, plain(&|b| with_non_ascii.contains(b)), "non-ASCII");
                let got = hits(&mut |got| for_each_byte(&text, &not_space, |i| got.push(i)));
                assert_eq!(got, plain(&|b| not_space.contains(b)), "not space");
                let got = hits(&mut |got| for_each_byte(&text, &untabled, |i| got.push(i)));
                assert_eq!(got, plain(&|b| untabled.contains(b)), "untabled");
                let got =
                    hits(&mut |got| for_each_pair(&text, &blank, &with_non_ascii, |i| got.push(i)));
                let want: Vec<usize> = (1..text.len())
                    .filter(|&i| blank.contains(text[i - 1]) && with_non_ascii.contains(text[i]))
                    .collect();
                assert_eq!(got, want, "pairs");
                let got = hits(&mut |got| {
                    for_each_triple(&text, &controls, &blank, &with_non_ascii, |i| got.push(i))
                });
                let want = plain_triples(&text, [&controls, &blank, &with_non_ascii]);
                assert_eq!(got, want, "triples");
                triples += want.len();
            }
            assert!(triples > 0);
        });
    }

    #[test]
    fn pair_scan_finds_every_pair_in_order() {
        each_isa(|| {
            let space = ByteClass::of(b" \t");
            let mark = ByteClass {
                exact: *b",",
                ranges: [(b'A', b'Z')],
                non_ascii: true,
            };
            for (len, text) in sample_texts(b"a ,b\t, ,A@[Z\xc3\xa9 \xff ") {
                let mut got = Vec::new();
                for_each_pair(&text, &space, &mark, |i| got.push(i));
                let want: Vec<usize> = (1..text.len())
                    .filter(|&i| space.contains(text[i - 1]) && mark.contains(text[i]))
                    .collect();
                assert_eq!(got, want, "{text:?}");
                if len > 100 {
                    assert!(want.len() > 5, "the test text has pairs");
                }
            }
            for b in 0..=255u8 {
                let in_class = b == b',' || b.is_ascii_uppercase() || b >= 0x80;
                assert_eq!(mark.contains(b), in_class, "{b:#x}");
                // The vector path agrees byte for byte: a pair at every offset of a block.
                for at in [1, 20, 63, 64, 65, 100, 128, 129, 149] {
                    let mut text = vec![b' '; 150];
                    text[at] = b;
                    let mut got = Vec::new();
                    for_each_pair(&text, &space, &mark, |i| got.push(i));
                    assert_eq!(got, if in_class { vec![at] } else { vec![] }, "{b:#x}");
                }
            }
            // Triples agree with a plain loop, in blocks and in the tail.
            let lower = ByteClass {
                exact: *b",",
                ranges: [(b'a', b'z')],
                non_ascii: true,
            };
            for (len, text) in sample_texts(b"a ,B\t, a A@[Z\xc3\xa9 \xff x") {
                let mut got = Vec::new();
                for_each_triple(&text, &lower, &space, &mark, |i| got.push(i));
                let want = plain_triples(&text, [&lower, &space, &mark]);
                assert_eq!(got, want, "{text:?}");
                if len > 100 {
                    assert!(want.len() > 3, "the test text has triples");
                }
                for from in 0..text.len() {
                    let first = find_triple(&text[from..], &lower, &space, &mark).map(|i| from + i);
                    let want_first = want.iter().copied().find(|&i| i >= from + 2);
                    assert_eq!(first, want_first, "{text:?} from {from}");
                }
            }
            // Pairs or triples at once: each offset that ends either, once, in order.
            let newline = ByteClass::of(b"\n");
            for (len, text) in sample_texts(b"a ,B\t\n a A@[Z\xc3\xa9 \xff x") {
                let mut got = Vec::new();
                for_each_pair_or_triple(&text, &space, &newline, &lower, &space, &mark, |i| {
                    got.push(i)
                });
                let want: Vec<usize> = (1..text.len())
                    .filter(|&i| {
                        (space.contains(text[i - 1]) && newline.contains(text[i]))
                            || (i >= 2
                                && lower.contains(text[i - 2])
                                && space.contains(text[i - 1])
                                && mark.contains(text[i]))
                    })
                    .collect();
                assert_eq!(got, want, "{text:?}");
                if len > 100 {
                    assert!(want.len() > 3, "the test text has pairs and triples");
                }
            }
            for at in [1, 2, 40, 63, 64, 65, 66, 127, 128, 129, 140] {
                let mut text = vec![b'a'; 141];
                text[at - 1] = b' ';
                text[at] = b'\n';
                let mut got = Vec::new();
                for_each_pair_or_triple(&text, &space, &newline, &lower, &space, &mark, |i| {
                    got.push(i)
                });
                assert_eq!(got, vec![at], "pair at {at}");
            }
            // Single bytes, with two ranges, at every offset of a block and in the tail.
            let controls = ByteClass {
                exact: [0x7f],
                ranges: [(0x00, 0x08), (0x0e, 0x1f)],
                non_ascii: false,
            };
            for at in [0, 5, 15, 16, 31, 32, 40, 63, 64, 65, 100, 127, 128, 140] {
                for b in 0..=255u8 {
                    let mut text = vec![b'a'; 141];
                    text[at] = b;
                    let mut got = Vec::new();
                    for_each_byte(&text, &controls, |i| got.push(i));
                    let want = b == 0x7f || b <= 0x08 || (0x0e..=0x1f).contains(&b);
                    assert_eq!(got, if want { vec![at] } else { vec![] }, "{b:#x} at {at}");
                    let first = find_first(&text, &controls);
                    assert_eq!(first, want.then_some(at), "{b:#x} at {at}");
                    assert_eq!(find_first(&text[..at], &controls), None);
                }
            }
        });
    }

    #[test]
    fn first_hits_in_long_texts() {
        each_isa(|| {
            let controls = ByteClass {
                exact: [0x7f],
                ranges: [(0x00, 0x08)],
                non_ascii: false,
            };
            for at in [0, 1, 15, 16, 63, 64, 65, 127, 128, 150, 190, 199] {
                let mut text = vec![b'a'; 200];
                text[at] = 0x7f;
                assert_eq!(find_first(&text, &controls), Some(at));
                text[at] = 0xc3;
                assert_eq!(first_non_ascii(&text), Some(at));
                for from in [0, 1, 3, 17] {
                    let want = (from <= at).then(|| at - from);
                    assert_eq!(first_non_ascii(&text[from..]), want, "{at} {from}");
                }
            }
            assert_eq!(first_non_ascii(&[b'x'; 300]), None);
            assert_eq!(find_first(&[b'x'; 300], &controls), None);
        });
    }

    #[test]
    fn byte_offsets_agree_with_a_plain_search() {
        each_isa(|| {
            // A zero byte too: a short text is padded with zeros to a block, which must
            // not count.
            for byte in [b'\n', 0] {
                for len in [0, 1, 63, 64, 65, 127, 128, 129, 300] {
                    for step in [1, 2, 5, 17, 64, 100] {
                        let text: Vec<u8> = (0..len)
                            .map(|i| if i % step == 0 { byte } else { b'a' })
                            .collect();
                        let want: Vec<usize> = memchr::memchr_iter(byte, &text).collect();
                        assert_eq!(
                            byte_offsets(&text, byte).collect::<Vec<_>>(),
                            want,
                            "{byte} {len} {step}"
                        );
                    }
                }
            }
        });
    }

    #[test]
    fn finds_the_lines_with_non_ascii_bytes() {
        let t = "a\nbé\nc\n\nü\nd é ö";
        let got: Vec<&str> = lines_with_non_ascii(t).map(|r| &t[r]).collect();
        assert_eq!(got, ["bé\n", "ü\n", "d é ö"]);
        assert_eq!(lines_with_non_ascii("plain\ntext\n").count(), 0);
        assert_eq!(lines_with_non_ascii("").count(), 0);
    }

    #[test]
    fn iterates_character_starts() {
        // Characters of two, three and four bytes, across block edges and in a short tail.
        for s in [
            "a é b — ü 😀".repeat(20),
            "é".repeat(100),
            "x".repeat(63) + "é",
            "😀".repeat(17) + "ab",
            String::new(),
        ] {
            let want: Vec<usize> = s
                .char_indices()
                .filter(|(_, c)| !c.is_ascii())
                .map(|(i, _)| i)
                .collect();
            simd::with_each_isa(|| assert_eq!(non_ascii_starts(&s).collect::<Vec<_>>(), want));
        }
    }
}
