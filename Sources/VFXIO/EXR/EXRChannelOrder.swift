/// The order vfxpy gives an EXR's channels: channels with no layer first, then each layer
/// in file order; within a layer R, G, B, A first (EXR stores channels alphabetically),
/// then the rest as stored.
public enum EXRChannelOrder {
    /// The layer of a channel name ("diffuse" for "diffuse.R", "" for "R").
    public static func layer(of name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[..<dot])
    }

    /// The part after the layer ("R" for "diffuse.R").
    public static func base(of name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    /// Indices into `names` in vfxpy's order; only `layer`'s channels when given.
    public static func ordered(_ names: [String], layer wanted: String? = nil) -> [Int] {
        var layers: [String] = []
        var members: [String: [Int]] = [:]
        for (index, name) in names.enumerated() {
            let layer = layer(of: name)
            if let wanted, layer != wanted { continue }
            if members[layer] == nil {
                layers.append(layer)
                members[layer] = []
            }
            members[layer, default: []].append(index)
        }
        if let plain = layers.firstIndex(of: ""), plain != 0 {
            layers.remove(at: plain)
            layers.insert("", at: 0)
        }
        let rank: [String: Int] = ["R": 0, "G": 1, "B": 2, "A": 3]
        return layers.flatMap { layer -> [Int] in
            let indices = members[layer] ?? []
            let colors = indices.filter { rank[base(of: names[$0])] != nil }
                .sorted { (rank[base(of: names[$0])] ?? 4) < (rank[base(of: names[$1])] ?? 4) }
            let rest = indices.filter { rank[base(of: names[$0])] == nil }
            return colors + rest
        }
    }

    /// The layers of `names`, for messages ("" shown as "(none)").
    public static func layers(of names: [String]) -> [String] {
        var seen: [String] = []
        for name in names {
            let layer = layer(of: name)
            if !seen.contains(layer) { seen.append(layer) }
        }
        return seen
    }
}
