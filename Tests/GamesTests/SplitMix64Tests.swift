import Games
import Testing

/// The seeded generator gives the reference sequence and unbiased, in-range draws.
struct SplitMix64Tests {
    @Test func seedZeroGivesTheReferenceSequence() {
        // The first outputs of the reference C implementation (Vigna, splitmix64.c) for seed 0.
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var random = SplitMix64(seed: 12_345)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = random.next(below: 7)
            #expect((0..<7).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 7)
        #expect(random.next(below: 1) == 0)
    }

    @Test func shuffleIsAPermutationFixedByTheSeed() {
        var first = SplitMix64(seed: 9)
        var second = SplitMix64(seed: 9)
        let shuffled = first.shuffled(Array(0..<8))
        #expect(shuffled.sorted() == Array(0..<8))
        #expect(second.shuffled(Array(0..<8)) == shuffled)
    }
}
