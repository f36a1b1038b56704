# One warnings helper for our own targets. Third-party headers come in as SYSTEM
# includes, so their warnings never fail our build.
option(RAPPORT_WERROR "Treat warnings as errors (CI turns this on)" ON)

function(rapport_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(RAPPORT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
