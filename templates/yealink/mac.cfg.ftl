#!version:1.0.0.1
## Phonehome configuration for ${device.mac_colons} (${model.vendor} ${model.name}) at site "${site.name}".
## Generated: change the templates, not this file.
<#if model.family == "dect-multicell">
<#include "parts/dect-multicell.ftl">
<#elseif model.family == "dect-base">
## ${model.name}: radio base of a W90 system; its accounts live on the DECT manager.
<#else>
<#include "parts/accounts.ftl">
<#if model.family == "dect">
<#include "parts/dect-handsets.ftl">
</#if>
</#if>
<#include "parts/time.ftl">
<#include "parts/provisioning.ftl">
<#include "parts/security.ftl">
<#include "parts/keys.ftl">
<#include "parts/phonebook.ftl">
<#include "parts/settings.ftl">
