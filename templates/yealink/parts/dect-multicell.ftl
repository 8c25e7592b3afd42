## --- W90 multicell: server template 1 = the registrar; one account per handset (account N = handset N) ---
<#if (lines?size > 0)>
<#assign first = lines[0]>
template.1.name = Phonehome
template.1.sip_server.1.address = ${first.server.host}
template.1.sip_server.1.port = ${first.server.port}
template.1.sip_server.1.transport_type = ${vendor.transport[first.server.transport]}
template.1.sip_server.1.expires = ${first.expires}
<#if first.backup??>
template.1.sip_server.2.address = ${first.backup.host}
<#if first.backup.srv>
## a DNS SRV domain: port 0 and DNS-NAPTR (3) make the base try NAPTR and SRV queries (Yealink W60P
## admin guide, "Server Domain Name Resolution")
template.1.sip_server.2.port = 0
template.1.sip_server.2.transport_type = 3
<#else>
template.1.sip_server.2.port = ${first.backup.port}
template.1.sip_server.2.transport_type = ${vendor.transport[first.backup.transport]}
</#if>
template.1.sip_server.2.expires = ${first.expires}
</#if>
</#if>
<#list lines as line>
account.${line.index}.enable = 1
account.${line.index}.sip_server.template = 1
account.${line.index}.label = ${line.label}
account.${line.index}.display_name = ${line.display_name}
account.${line.index}.user_name = ${line.extension}
account.${line.index}.auth_name = ${line.auth_user}
account.${line.index}.password = ${line.password}
account.${line.index}.srtp_encryption = ${vendor.srtp[line.srtp]}
</#list>
<#-- handset.X.ipui pre-registers a handset (FusionPBX w80/y000000000175.cfg); no multi-cell source documents
     handset.X.name, so a handset shows its account's label instead -->
<#list handsets as h>
<#if h.ipui??>
handset.${h.index}.ipui = ${h.ipui}
</#if>
</#list>
## handset settings: pushed to the handsets only while handset_configured is on
static.auto_provision.handset_configured.enable = 1
## the handsets' language is a number (0 English, 1 French, 2 German, ...), not a name
custom.handset.language = ${vendor.handset_language}
## --- radio bases pre-registered here (station.allowed.X, X = 1..30: Yealink FAQ "How to Register Base
## Stations to the DM", support.yealink.com/faq/faqInfo?id=877); a listed base joins this manager as soon as
## it is seen on the network. Sync cluster and level are left to the manager's automatic synchronisation. The FAQ
## gives the MAC as a string of up to 32 characters without its spelling: 12 hex digits, as the base's label prints
## it, is the form assumed here (not checked on a device). ---
<#list bases as b>
<#assign station_name = b.serial!(b.model + " " + b.mac_upper[6..])>
<#if (station_name?length > 32)><#assign station_name = station_name[0..31]></#if>
## base ${b.index}: ${b.model} ${b.mac_colons}
station.allowed.${b.index}.mac = ${b.mac_upper}
station.allowed.${b.index}.name = ${station_name}
</#list>
