//! LEB128 numbers (seven bits a byte, the high bit set on every byte but
//! the last): the compact form of the lists held while a big handbook is
//! built — the search index's postings and a scan's plain-text steps.
//! Bottom layer: imports nothing of waybook.

/// Append `n`.
pub(crate) fn push(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The number at `at` (moved past it); ends quietly at the end of `bytes`
/// (bits past 64 are dropped).
pub(crate) fn read(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut n, mut shift) = (0u64, 0u32);
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u64::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        shift += 7;
        if b < 0x80 {
            break;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_in_few_bytes() {
        let ns = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        let mut b = Vec::new();
        for n in ns {
            push(&mut b, n);
        }
        assert_eq!(b[..4], [0, 1, 127, 0x80]);
        let mut at = 0;
        let back: Vec<u64> = ns.iter().map(|_| read(&b, &mut at)).collect();
        assert_eq!(back, ns);
        assert_eq!(at, b.len());
        // Past the end: zero, and no panic.
        assert_eq!(read(&b, &mut at), 0);
    }
}
