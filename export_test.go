package walkshed

// OSMAddressForTest exposes osmAddress to the black-box tests.
var OSMAddressForTest = osmAddress
