## --- DECT handsets: which accounts ring on and dial out from each ---
static.auto_provision.handset_configured.enable = 1
<#list handsets as h>
handset.${h.index}.name = ${h.name}
handset.${h.index}.incoming_lines = ${h.lines?join(",")}
handset.${h.index}.dial_out_lines = ${h.lines?join(",")}
<#if h.default_line??>
handset.${h.index}.dial_out_default_line = ${h.default_line}
</#if>
</#list>
## the handsets' language is a number (0 English, 1 French, 2 German, ...), not a name
custom.handset.language = ${vendor.handset_language}
