#!version:1.0.0.1
## Phonehome redirection for ${device.mac_colons}: the provisioning server is ${redirect.url}
include:config "${device.mac}.cfg"
