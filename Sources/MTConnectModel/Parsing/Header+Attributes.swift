extension Header {
    /// Reads a header from its attributes. Values that cannot be read (a bufferSize that is
    /// not a number) are kept in ``otherAttributes`` rather than failing the document.
    init(attributes: [GenericElement.Attribute]) {
        self.init()
        for attribute in attributes {
            let value = attribute.value
            var understood = true
            switch attribute.name {
            case "creationTime": creationTime = MTConnectTimestamp(iso8601: value); understood = creationTime != nil
            case "sender": sender = value
            case "instanceId": instanceId = UInt64(value); understood = instanceId != nil
            case "version": version = value
            case "bufferSize": bufferSize = UInt64(value); understood = bufferSize != nil
            case "firstSequence": firstSequence = UInt64(value); understood = firstSequence != nil
            case "lastSequence": lastSequence = UInt64(value); understood = lastSequence != nil
            case "nextSequence": nextSequence = UInt64(value); understood = nextSequence != nil
            case "assetBufferSize": assetBufferSize = UInt64(value); understood = assetBufferSize != nil
            case "assetCount": assetCount = UInt64(value); understood = assetCount != nil
            case "deviceModelChangeTime":
                deviceModelChangeTime = MTConnectTimestamp(iso8601: value)
                understood = deviceModelChangeTime != nil
            case "testIndicator": testIndicator = value == "true"
            default: understood = false
            }
            if !understood {
                otherAttributes[attribute.name] = value
            }
        }
    }
}

extension [GenericElement.Attribute] {
    func value(of name: String) -> String? {
        first { $0.name == name }?.value
    }
}
