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
custom.handset.language = ${vendor.language}
