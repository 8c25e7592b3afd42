## --- SIP accounts ---
<#list lines as line>
account.${line.index}.enable = 1
account.${line.index}.label = ${line.label}
account.${line.index}.display_name = ${line.display_name}
account.${line.index}.user_name = ${line.extension}
account.${line.index}.auth_name = ${line.auth_user}
account.${line.index}.password = ${line.password}
account.${line.index}.sip_server.1.address = ${line.server.host}
account.${line.index}.sip_server.1.port = ${line.server.port}
account.${line.index}.sip_server.1.transport_type = ${vendor.transport[line.transport]}
account.${line.index}.sip_server.1.expires = ${line.expires}
<#if line.backup?? && line.backup.srv>
## the second server is a DNS SRV domain (sip.secondary_server=srv:...): port 0 with transport type 3
## (DNS-NAPTR) makes the phone try NAPTR and SRV queries before an A query, the SRV records naming the
## nodes and their ports (Yealink admin guide SIP-T2/T4/CP860, "Server Domain Name Resolution": "If a
## server port is set to 0 and the transport type is set to DNS-NAPTR, NAPTR and SRV queries will be tried")
account.${line.index}.sip_server.2.address = ${line.backup.host}
account.${line.index}.sip_server.2.port = 0
account.${line.index}.sip_server.2.transport_type = 3
<#elseif line.backup??>
account.${line.index}.sip_server.2.address = ${line.backup.host}
account.${line.index}.sip_server.2.port = ${line.backup.port}
account.${line.index}.sip_server.2.transport_type = ${vendor.transport[line.backup.transport]}
</#if>
<#if line.backup??>
account.${line.index}.sip_server.2.expires = ${line.expires}
<#if model.family == "desk">
## back to the primary by itself: successive registration (1) registers to one server at a time, the
## second taking over every call feature (MWI too, which concurrent registration leaves behind), and
## the phone checks the primary every fallback.timeout seconds (10..2147483647, default 120) and
## returns to it once it answers (Yealink admin guide SIP-T2/T19(P) E2/T4/CP860, "Fallback Server Redundancy
## Configuration"; T5 guide likewise). Desk phones only: the DECT bases' guides name no such key.
account.${line.index}.fallback.redundancy_type = 1
account.${line.index}.fallback.timeout = 60
</#if>
</#if>
account.${line.index}.srtp_encryption = ${vendor.srtp[line.srtp]}
account.${line.index}.sip_trust_ctrl = 1
## message lamp: subscribe to the account's own mailbox (its own URI, the one Phonehome's SIP core serves)
account.${line.index}.subscribe_mwi = 1
account.${line.index}.subscribe_mwi_to_vm = 0
<#if model.family == "desk">
## a BLF key pressed while its extension rings picks the call up with an INVITE carrying Replaces,
## built from the dialog-info Phonehome sends (RFC 3891), which Phonehome routes to the caller
account.${line.index}.dialoginfo_callpickup = 1
</#if>
<#if settings.typed["voicemail.number"]??>
voice_mail.number.${line.index} = ${settings.typed["voicemail.number"]}
</#if>
</#list>
<#if (lines?size < model.accounts)>
<#list (lines?size + 1)..model.accounts as i>
account.${i}.enable = 0
</#list>
</#if>
