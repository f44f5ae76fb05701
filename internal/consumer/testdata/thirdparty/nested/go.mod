module example.com/thirdparty/nested

go 1.22
