extension Cycles {
    /// Where each seat starts, by seat: `seats` points spread evenly along a ring inset a quarter of
    /// the grid from the border, from a seeded offset, heading clockwise along the ring, with the seats
    /// shuffled over the points by the seed (so no seat number is always nearer a corner).
    ///
    /// The ring runs clockwise from its north-west corner. The offset is drawn among those that put
    /// no point on a ring corner: a cycle starting on a corner would sit in the path of the cycle
    /// coming up the previous side. Away from the corners, no two cycles' straight paths cross until
    /// one reaches the border, more than `min(width, height) / 4` ticks away. Even spacing is exact
    /// whenever the ring's length divides by `seats`; on a square grid the ring is a square, so 2 and
    /// 4 cycles get rotation-symmetric starts.
    public static func spawns(seats: Int, seed: UInt64, options: CyclesOptions) -> [CycleHead] {
        let left = options.width / 4
        let top = options.height / 4
        let right = options.width - 1 - left
        let bottom = options.height - 1 - top
        let across = right - left
        let down = bottom - top
        let perimeter = 2 * (across + down)
        // 16×16 with 8 seats is the tightest case: perimeter 28, points 3 or 4 apart.
        precondition(perimeter >= 2 * seats, "grid too small for \(seats) cycles")

        func isCorner(_ distance: Int) -> Bool {
            let along = distance % perimeter
            return along == 0 || along == across || along == across + down || along == 2 * across + down
        }
        let cornerFree = (0..<perimeter).filter { offset in
            (0..<seats).allSatisfy { !isCorner(offset + $0 * perimeter / seats) }
        }
        var random = SplitMix64(seed: seed)
        // No corner-free offset only on tiny rings crowded with cycles; corners are then allowed.
        let offset = cornerFree.isEmpty ? random.next(below: perimeter) : cornerFree[random.next(below: cornerFree.count)]
        let order = random.shuffled(Array(0..<seats))

        func point(at distance: Int) -> (x: Int, y: Int, heading: CyclesDirection) {
            let along = distance % perimeter
            if along < across { return (left + along, top, .east) }
            if along < across + down { return (right, top + along - across, .south) }
            if along < 2 * across + down { return (right - (along - across - down), bottom, .west) }
            return (left, bottom - (along - 2 * across - down), .north)
        }

        var spawns = [CycleHead](repeating: CycleHead(seat: Seat(0), x: 0, y: 0, heading: .north), count: seats)
        for slot in 0..<seats {
            let seat = order[slot]
            let spot = point(at: offset + slot * perimeter / seats)
            spawns[seat] = CycleHead(seat: Seat(seat), x: spot.x, y: spot.y, heading: spot.heading)
        }
        return spawns
    }
}
