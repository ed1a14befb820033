/// The subset of the agent's `path` XPath filter the simulator understands:
/// `//DataItem`, `//DataItem[@id="x"]` (also `@name`, `@type`, `@category`, `@subType`), joined with `|`.
struct DataItemPathFilter: Sendable {
    private let terms: [(attribute: String, value: String)?]

    init?(_ path: String) {
        var terms: [(attribute: String, value: String)?] = []
        for term in path.split(separator: "|").map({ $0.trimmingCharacters(in: " ") }) {
            guard term.hasPrefix("//DataItem") else { return nil }
            let rest = term.dropFirst("//DataItem".count)
            if rest.isEmpty {
                terms.append(nil)
                continue
            }
            guard rest.hasPrefix("[@"), rest.hasSuffix("]"), let equals = rest.firstIndex(of: "=") else { return nil }
            let attribute = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<equals])
            var value = rest[rest.index(after: equals)..<rest.index(before: rest.endIndex)]
            guard let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote else { return nil }
            value = value.dropFirst().dropLast()
            guard ["id", "name", "type", "category", "subType"].contains(attribute) else { return nil }
            terms.append((attribute, String(value)))
        }
        guard !terms.isEmpty else { return nil }
        self.terms = terms
    }

    func matches(_ item: SimulatedDataItem) -> Bool {
        terms.contains { term in
            guard let term else { return true }
            switch term.attribute {
            case "id": return item.id == term.value
            case "name": return item.name == term.value
            case "type": return item.type == term.value
            case "category": return item.category.rawValue == term.value
            default: return item.subType == term.value
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var slice = self
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return slice
    }
}
