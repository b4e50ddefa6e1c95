extension Cycles {
    /// Where each seat starts, by seat: `seats` points spread evenly along a ring inset a quarter of
    /// the grid from the border, from a seeded offset, each heading straight out toward the border,
    /// with the seats shuffled over the points by the seed (so no seat number is favoured).
    ///
    /// Heading outward is what makes the start fair for any seat count: every cycle has the same
    /// `width / 4` (`height / 4` on the other axis) cells to the border ahead, no two straight paths
    /// cross before the border, and the open middle lies behind everyone. Facing inward, paths cross
    /// near the ring's corners and the cycle farther from a corner rides into the other's trail;
    /// riding along the ring, each cycle rides into the trail of the one ahead.
    ///
    /// The ring runs clockwise from its north-west corner; each corner belongs to the side it starts.
    /// Even spacing is exact whenever the ring's length divides by `seats`; on a square grid the ring
    /// is a square, so 2 and 4 cycles get rotation-symmetric starts.
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

        var random = SplitMix64(seed: seed)
        let offset = random.next(below: perimeter)
        let order = random.shuffled(Array(0..<seats))

        func point(at distance: Int) -> (x: Int, y: Int, heading: CyclesDirection) {
            let along = distance % perimeter
            if along < across { return (left + along, top, .north) }
            if along < across + down { return (right, top + along - across, .east) }
            if along < 2 * across + down { return (right - (along - across - down), bottom, .south) }
            return (left, bottom - (along - 2 * across - down), .west)
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
