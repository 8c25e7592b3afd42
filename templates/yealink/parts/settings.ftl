<#-- Raw keys from Phonehome's setting store, last so they win over every key above. The Yealink
     plug-in refuses keys and values that could start another line or key (plain text has no escaping). -->
<#if (settings.raw?size > 0)>
## --- raw keys from the setting store (most specific scope wins) ---
<#list settings.raw as r>
${r.key} = ${r.value}
</#list>
</#if>
