## --- Programmable keys (the device's profile, with its own keys in their place) ---
<#-- Type codes come from the plug-in (YealinkKeys, with their sources). A label or value never
     carries a line break (the model removes control characters), so it cannot set another key. -->
<#list keys as k>
<#if k.module == 0>
<#assign p = "linekey." + k.position?c>
<#else>
<#assign p = "expansion_module." + k.module?c + ".key." + k.position?c>
</#if>
${p}.type = ${vendor.key_codes[k.type]?c}
${p}.value = ${k.value}
${p}.label = ${k.label}
${p}.line = ${k.line?c}
</#list>
