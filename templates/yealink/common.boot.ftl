#!version:1.0.0.1
## Phonehome common boot file<#if model.name != ""> for ${model.name}</#if>.
<#if vendor.common_file??>
include:config "${vendor.common_file}"
</#if>
<#if request.mac??>
include:config "${request.mac}.cfg"
</#if>
overwrite_mode = 1
