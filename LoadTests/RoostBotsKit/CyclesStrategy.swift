import Client
import Games

/// How a bot steers its light cycle: keep going unless another heading leads to more room.
///
/// For each heading the rules allow (straight on, a quarter turn left or right; never the reverse,
/// which `Games` refuses as an illegal move) it counts the free cells reachable from the next cell
/// by a flood fill capped at `lookahead` cells, and takes the heading with the most room; straight
/// on wins ties, so a bot turns only when it must or when a turn clearly pays; except that, with
/// probability `wanderChance`, it takes a turn that has as much room as going on. Without that two
/// bots, spawned point-symmetric and steering alike, mirror each other into a head-on crash. Cells another
/// riding cycle could enter in the next tick count as walls (a head-on crash kills both). Walls
/// and heads come from the client's `CyclesArena`, built from the server's snapshot and ticks.
public enum CyclesStrategy {
    /// How many cells the flood fill counts at most, per candidate heading. 200 cells are enough to
    /// tell a dead end from open ground and keep a decision under a few microseconds.
    public static let lookahead = 200

    /// The chance, per decision, of a turn into open ground that breaks the symmetry between bots.
    public static let wanderChance = 0.05

    /// The heading `seat` should turn to now, or `nil` to keep its heading (or when it is not riding).
    public static func chooseTurn(
        in arena: CyclesArena, seat: Int, using random: inout some RandomNumberGenerator
    ) -> CyclesDirection? {
        guard arena.riding.contains(seat), let head = arena.heads[seat],
            let heading = CyclesDirection(rawValue: head.heading.rawValue)
        else { return nil }
        let danger = cellsOtherHeadsMayEnter(arena, besides: seat)
        let straight = room(arena, from: head, going: heading, danger: danger)
        var best = (heading: heading, room: straight)
        var asGood: [CyclesDirection] = []
        for turn in [heading.turnedLeft, heading.turnedRight] {
            let room = room(arena, from: head, going: turn, danger: danger)
            if room > best.room { best = (turn, room) }
            if room > 0 && room >= straight { asGood.append(turn) }
        }
        if best.heading == heading, !asGood.isEmpty, Double.random(in: 0..<1, using: &random) < wanderChance {
            return asGood.randomElement(using: &random)
        }
        return best.heading == heading ? nil : best.heading
    }

    /// Free cells reachable from the cell ahead of `head` going `direction`, up to `lookahead`;
    /// 0 when that cell is a wall, off the grid, or where another head may go.
    ///
    /// The visited cells are a flat array over the grid, not a `Set`: hashing was 60 % of
    /// roost-bots' CPU with 1,000 bots (perf), the array costs one 4 KiB allocation per call.
    static func room(_ arena: CyclesArena, from head: CyclesArena.Head, going direction: CyclesDirection, danger: [Int]) -> Int {
        let (startX, startY) = (head.x + direction.dx, head.y + direction.dy)
        guard isFree(arena, startX, startY), !danger.contains(startY * arena.width + startX) else { return 0 }
        var seen = [Bool](repeating: false, count: arena.width * arena.height)
        seen[startY * arena.width + startX] = true
        var count = 1
        var frontier = [(startX, startY)]
        while let (x, y) = frontier.popLast(), count < lookahead {
            for step in CyclesDirection.allCases {
                let (nextX, nextY) = (x + step.dx, y + step.dy)
                guard isFree(arena, nextX, nextY), !seen[nextY * arena.width + nextX] else { continue }
                seen[nextY * arena.width + nextX] = true
                count += 1
                frontier.append((nextX, nextY))
            }
        }
        // The last cell's neighbours may overshoot the cap; ties at the cap must stay ties.
        return min(count, lookahead)
    }

    private static func isFree(_ arena: CyclesArena, _ x: Int, _ y: Int) -> Bool {
        (0..<arena.width).contains(x) && (0..<arena.height).contains(y) && arena.owner(x: x, y: y) == nil
    }

    /// The cells next to every other riding cycle's head, as grid indices (at most 4 per cycle).
    private static func cellsOtherHeadsMayEnter(_ arena: CyclesArena, besides seat: Int) -> [Int] {
        var cells: [Int] = []
        for other in arena.riding where other != seat {
            guard let head = arena.heads[other] else { continue }
            for step in CyclesDirection.allCases {
                let (x, y) = (head.x + step.dx, head.y + step.dy)
                if (0..<arena.width).contains(x) && (0..<arena.height).contains(y) { cells.append(y * arena.width + x) }
            }
        }
        return cells
    }
}
